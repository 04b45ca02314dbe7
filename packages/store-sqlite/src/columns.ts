import { storageOf, type DocType, type StorageKind } from '@outpost/meta'
import { quoteIdent, type SqlValue } from './sql-text.ts'

/** One real column of a document table. Child rows and layout fields live only in `doc`. */
export interface ColumnSpec {
  readonly name: string
  readonly kind: StorageKind
}

/** Standard fields every parent document has a column for (DESIGN: `outpost_id` included). */
export const STANDARD_COLUMNS = ['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx', 'outpost_id'] as const

export function isNumeric(kind: StorageKind): boolean {
  return kind === 'int' || kind === 'float' || kind === 'check'
}

/** Only child tables and singles have no table: child rows are embedded, singles are not listed. */
export function hasDocTable(doctype: DocType): boolean {
  return !doctype.istable && !doctype.issingle
}

const cache = new WeakMap<DocType, readonly ColumnSpec[]>()

/** Standard columns first, then each value field, typed as meta stores them. */
export function docColumns(doctype: DocType): readonly ColumnSpec[] {
  const cached = cache.get(doctype)
  if (cached) return cached
  const standard: readonly string[] = STANDARD_COLUMNS
  // a field named `doc` would clash with the JSON column: it is then read from the JSON
  const own = doctype.valueFields.map((f) => f.fieldname).filter((n) => !standard.includes(n) && n !== 'doc')
  const cols = [...standard, ...own].map((name) => ({ name, kind: name === 'name' ? 'text' : storageOf(doctype, name) }))
  cache.set(doctype, cols)
  return cols
}

/**
 * The column's type clause, which is also what `open` compares to decide whether a column must
 * be rebuilt. Numbers are NOT NULL DEFAULT 0 as in Frappe, so they sort and compare without
 * coalesce() and keep their indexes usable; text ignores ASCII case as MariaDB's _ci does.
 */
export function columnDecl(c: ColumnSpec): string {
  if (c.name === 'name') return 'TEXT NOT NULL PRIMARY KEY COLLATE NOCASE'
  if (c.kind === 'int' || c.kind === 'check') return 'INTEGER NOT NULL DEFAULT 0'
  if (c.kind === 'float') return 'REAL NOT NULL DEFAULT 0'
  return c.kind === 'text' ? 'TEXT COLLATE NOCASE' : 'TEXT'
}

export function columnDdl(c: ColumnSpec): string {
  return `${quoteIdent(c.name)} ${columnDecl(c)}`
}

/** A document value as its column holds it; the same conversion meta's filter matching applies. */
export function cellValue(kind: StorageKind, value: unknown): SqlValue {
  if (isNumeric(kind)) {
    const n = value === null || value === undefined ? 0 : Number(value)
    return Number.isFinite(n) ? n : 0
  }
  if (value === null || value === undefined) return null
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}
