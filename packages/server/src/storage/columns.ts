import { CHILD_FIELDS, STANDARD_FIELDS, type DocField, type DocType, type StorageKind } from '@outpost/meta'

export interface Column {
  readonly name: string
  readonly sqlType: 'TEXT' | 'INTEGER' | 'REAL'
  readonly storage: StorageKind
  readonly field: DocField | undefined
}

const SQL_TYPE: Record<StorageKind, Column['sqlType']> = {
  text: 'TEXT', json: 'TEXT', date: 'TEXT', datetime: 'TEXT', time: 'TEXT',
  int: 'INTEGER', check: 'INTEGER', float: 'REAL', none: 'TEXT', table: 'TEXT',
}

const STANDARD_COLUMNS: readonly Column[] = [
  { name: 'name', sqlType: 'TEXT', storage: 'text', field: undefined },
  { name: 'owner', sqlType: 'TEXT', storage: 'text', field: undefined },
  { name: 'creation', sqlType: 'TEXT', storage: 'datetime', field: undefined },
  { name: 'modified', sqlType: 'TEXT', storage: 'datetime', field: undefined },
  { name: 'modified_by', sqlType: 'TEXT', storage: 'text', field: undefined },
  { name: 'docstatus', sqlType: 'INTEGER', storage: 'int', field: undefined },
  { name: 'idx', sqlType: 'INTEGER', storage: 'int', field: undefined },
]

const CHILD_COLUMNS: readonly Column[] = CHILD_FIELDS.map((name) => ({ name, sqlType: 'TEXT', storage: 'text', field: undefined }))

/** The client id every document keeps (DESIGN: a permanent `outpost_id`). */
const OUTPOST_ID: Column = { name: 'outpost_id', sqlType: 'TEXT', storage: 'text', field: undefined }

const columnCache = new WeakMap<DocType, readonly Column[]>()

/** Every column of a doctype's table, standard ones first. */
export function columnsOf(doctype: DocType): readonly Column[] {
  const cached = columnCache.get(doctype)
  if (cached) return cached
  const standard = new Set<string>([...STANDARD_FIELDS, ...CHILD_FIELDS, 'outpost_id'])
  const own = doctype.valueFields
    .filter((f) => !standard.has(f.fieldname))
    .map((f): Column => ({ name: f.fieldname, sqlType: SQL_TYPE[f.storage], storage: f.storage, field: f }))
  const cols = [...STANDARD_COLUMNS, ...(doctype.istable ? CHILD_COLUMNS : [OUTPOST_ID]), ...own]
  columnCache.set(doctype, cols)
  return cols
}

const namesCache = new WeakMap<DocType, ReadonlySet<string>>()

export function columnNames(doctype: DocType): ReadonlySet<string> {
  let names = namesCache.get(doctype)
  if (!names) {
    names = new Set(columnsOf(doctype).map((c) => c.name))
    namesCache.set(doctype, names)
  }
  return names
}

/** Numeric columns are NOT NULL DEFAULT 0 in Frappe, so they read back as 0. */
export function isNumericStorage(kind: StorageKind): boolean {
  return kind === 'int' || kind === 'float' || kind === 'check'
}
