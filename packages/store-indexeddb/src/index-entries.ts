import { filterScalar, isNumericKind, storageOf, type Doc, type DocField, type DocType, type StorageKind } from '@outpost/meta'
import type { IndexEntry, IndexValue } from './layout.ts'

/**
 * What `ix` holds, version 4: an entry per entry field (below) whose value is not NULL, and the
 * name entry [doctype, NAME_ENTRY, group, name]. `group` spells the document's group: the entry
 * fields it leaves NULL (sorted, space-separated) and, after GROUP_SEPARATOR, the values of its
 * grouped fields (docstatus and the Select and Check fields lists filter by) as JSON. A DocType
 * has few distinct groups, and name entries sort by group first, so the documents where a field
 * is NULL, or where a grouped field holds a value, are found by visiting each group once
 * (group-keys.ts): a NULL and a grouped value cost no index write of their own.
 *
 * Each entry is a write of its own, and IndexedDB's cost per entry grows with the database
 * (its LevelDB compacts them), so a boot's time goes mostly to them. Entry fields are the ones
 * Frappe indexes in its own tables (`search_index`, `unique`, `modified`), the DocType's sort
 * field, `outpost_id` (a pull looks up its twins by it), Dynamic Links and Links to the DocType
 * itself. Other fields are filtered by reading documents; Frappe's database reads rows for
 * them too.
 *
 * The entry of a field other than `modified`, `outpost_id` and the list order field itself also
 * carries the value of the DocType's list order field (`sortPair`): [doctype, field, value,
 * order value]. Equal values then sit in list order, so a list filtered on one field and sorted
 * by that order reads its page off the index, not every candidate (a customer's 50 invoices to
 * show 20). `modified` and `outpost_id` are near-unique, so an order value would buy them nothing
 * and scatter their writes.
 *
 * Version 1 wrote an entry [doctype, field, -Infinity] per NULL and [doctype, NAME_ENTRY, name];
 * version 2 had no order value; version 3 indexed every Link and list field and grouped NULLs
 * only. `indexSignature` carries the version and the fields, so `open` rewrites the entries of
 * a database written with others.
 */
export const ENTRY_LAYOUT = 4

/** The lowest index value: IndexedDB orders numbers before strings, and no value is below -Infinity. */
export const BELOW_VALUES = -Infinity

/**
 * The entry listing reads a document's name as it is spelled (the primary key holds it folded).
 * Frappe fieldnames are lower-case letters, digits and underscores, so it clashes with none.
 */
export const NAME_ENTRY = '#name'

/** Separates the fieldnames of a group's NULL fields (fieldnames hold no space). */
const NULLS_SEPARATOR = ' '
/** Separates a group's NULL fields from its grouped values (JSON escapes control characters). */
const GROUP_SEPARATOR = '\u0001'

export interface IndexedField {
  readonly field: string
  readonly kind: StorageKind
}

/** Always entry fields: the sync cursor and the client id. Near-unique, so they carry no order value. */
const STANDARD_INDEXED = ['modified', 'outpost_id']
/** The most groups grouped fields may make (their values multiplied): past it a field is not grouped. */
const MAX_GROUPS = 512

const entryCache = new WeakMap<DocType, readonly IndexedField[]>()
const groupCache = new WeakMap<DocType, readonly IndexedField[]>()

/** Fields whose few values meta lists: Select and Check (docstatus is grouped always). */
const isGroupKind = (f: DocField): boolean => f.fieldtype === 'Select' || f.fieldtype === 'Check'

/** The storage of a field a list can sort by: a value field or a standard column; none for tables, breaks or unknown names. */
function orderKind(doctype: DocType, field: string): StorageKind | undefined {
  const declared = doctype.field(field)
  if (declared) return doctype.valueFields.includes(declared) ? declared.storage : undefined
  try {
    return storageOf(doctype, field)
  } catch {
    return undefined
  }
}

/**
 * Fields with entries of their own: what Frappe indexes (`search_index`, `unique`, `modified`),
 * the DocType's sort field and `outpost_id`; also Dynamic Links and Links to the DocType itself
 * (`amended_from`), which every delete or cancel of a document looks up. A Select or Check
 * field with `search_index` is grouped instead, when it fits in the groups.
 */
export function indexedFields(doctype: DocType): readonly IndexedField[] {
  const cached = entryCache.get(doctype)
  if (cached) return cached
  const names = new Set(STANDARD_INDEXED)
  if (doctype.sortField !== 'name' && orderKind(doctype, doctype.sortField) !== undefined) names.add(doctype.sortField)
  const grouped = new Set(groupedFields(doctype).map((f) => f.field))
  for (const f of doctype.valueFields) {
    const lookedUp = f.fieldtype === 'Dynamic Link' || (f.fieldtype === 'Link' && f.options === doctype.name)
    if ((f.searchIndex && !grouped.has(f.fieldname)) || f.unique || lookedUp) names.add(f.fieldname)
  }
  const fields = [...names].sort().map((field) => ({ field, kind: storageOf(doctype, field) }))
  entryCache.set(doctype, fields)
  return fields
}

/**
 * Fields whose values make a document's group: docstatus, then the Select and Check fields the
 * desk filters lists by (`in_standard_filter`, `search_index`), while their values multiplied
 * stay under MAX_GROUPS.
 */
export function groupedFields(doctype: DocType): readonly IndexedField[] {
  const cached = groupCache.get(doctype)
  if (cached) return cached
  const fields: IndexedField[] = [{ field: 'docstatus', kind: storageOf(doctype, 'docstatus') }]
  let groups = 3
  const candidates = doctype.valueFields.filter((f) => isGroupKind(f) && !f.unique && (f.inStandardFilter || f.searchIndex))
  for (const f of [...candidates].sort((a, b) => (a.fieldname < b.fieldname ? -1 : 1))) {
    // a Select's options and NULL; a Check's 0 and 1
    const values = f.fieldtype === 'Check' ? 2 : f.options.split('\n').length + 1
    if (groups * values > MAX_GROUPS) continue
    groups *= values
    fields.push({ field: f.fieldname, kind: f.storage })
  }
  groupCache.set(doctype, fields)
  return fields
}

export function indexedField(doctype: DocType, field: string): IndexedField | undefined {
  return indexedFields(doctype).find((f) => f.field === field)
}

/** Per DocType name, the field its lists are most often sorted by (the store's `listOrder` option). */
export type ListOrders = Readonly<Record<string, string>>

const pairs = new WeakMap<ListOrders, WeakMap<DocType, IndexedField | null>>()

/**
 * The field whose value every entry of a DocType carries after its own: the store's
 * `listOrder` for it, else the DocType's `sort_field` (the desk's default list order). None
 * for `name` (equal entries are in name order already) or a field meta does not know.
 */
export function sortPair(doctype: DocType, orders: ListOrders): IndexedField | undefined {
  let byDoctype = pairs.get(orders)
  if (!byDoctype) pairs.set(orders, (byDoctype = new WeakMap()))
  let pair = byDoctype.get(doctype)
  if (pair === undefined) {
    const field = orders[doctype.name] ?? doctype.sortField
    const kind = field === 'name' ? undefined : orderKind(doctype, field)
    pair = kind === undefined ? null : { field, kind }
    byDoctype.set(doctype, pair)
  }
  return pair ?? undefined
}

/** What the `ix` entries of a DocType's documents depend on (the entry layout and order field included); a change means a reindex. */
export function indexSignature(doctype: DocType, pair: IndexedField | undefined): string {
  const spell = (fields: readonly IndexedField[]): string[][] => fields.map((f) => [f.field, f.kind])
  return JSON.stringify([ENTRY_LAYOUT, spell(indexedFields(doctype)), spell(groupedFields(doctype)), pair ? [pair.field, pair.kind] : null])
}

/** Whether a field of this kind can be NULL in the index (numbers index NULL as 0, Frappe's NOT NULL DEFAULT 0). */
export const nullable = (kind: StorageKind): boolean => !isNumericKind(kind)

/** A field's value as its index holds it (meta's filter value; numeric NULL as 0), or undefined for a NULL. */
export function indexValue(kind: StorageKind, raw: unknown): IndexValue | undefined {
  if (isNumericKind(kind)) {
    const n = raw === null || raw === undefined ? 0 : Number(raw)
    return Number.isFinite(n) ? n : 0
  }
  if (raw === null || raw === undefined) return undefined
  return filterScalar(kind, raw)
}

/** A document's group, as its name entry spells it: the entry fields it leaves NULL, and its grouped values. */
export interface Group {
  readonly nulls: readonly string[]
  readonly values: readonly (IndexValue | null)[]
}

/** The group a name entry spells (see ENTRY_LAYOUT); an unreadable one reads as no NULL and no value. */
export function parseGroup(group: unknown): Group {
  if (typeof group !== 'string') return { nulls: [], values: [] }
  const at = group.indexOf(GROUP_SEPARATOR)
  const nulls = at < 0 ? group : group.slice(0, at)
  let values: unknown = []
  try {
    values = at < 0 ? [] : JSON.parse(group.slice(at + 1))
  } catch {
    values = []
  }
  return { nulls: nulls === '' ? [] : nulls.split(NULLS_SEPARATOR), values: Array.isArray(values) ? (values as (IndexValue | null)[]) : [] }
}

/** Whether a field's entry carries the order value: not for near-unique standard fields, nor the order field itself. */
export const carriesOrder = (field: string, pair: IndexedField | undefined): boolean => pair !== undefined && field !== pair.field && !STANDARD_INDEXED.includes(field)

/** A document's entries: one per entry field that is not NULL, and its name entry with its group. */
export function indexEntries(doctype: DocType, doc: Doc, pair: IndexedField | undefined): IndexEntry[] {
  const entries: IndexEntry[] = []
  const nulls: string[] = []
  const order = pair === undefined ? undefined : indexValue(pair.kind, doc[pair.field]) ?? BELOW_VALUES
  for (const f of indexedFields(doctype)) {
    const value = indexValue(f.kind, doc[f.field])
    if (value === undefined) nulls.push(f.field)
    else entries.push(order === undefined || !carriesOrder(f.field, pair) ? [doctype.name, f.field, value] : [doctype.name, f.field, value, order])
  }
  const values = groupedFields(doctype).map((f) => indexValue(f.kind, doc[f.field]) ?? null)
  // indexedFields is sorted, so one group is always spelled the same
  entries.push([doctype.name, NAME_ENTRY, `${nulls.join(NULLS_SEPARATOR)}${GROUP_SEPARATOR}${JSON.stringify(values)}`, String(doc['name'])])
  return entries
}
