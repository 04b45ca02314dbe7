import { FrappeError } from '@outpost/meta'

/** What better-sqlite3 binds for us: booleans and undefined are converted before binding. */
export type SqlValue = string | number | null

export interface SqlFragment {
  readonly sql: string
  readonly params: readonly SqlValue[]
}

/** Quote an identifier. Names come from meta; a quote or NUL could still break out, so refuse them. */
export function quoteIdent(name: string): string {
  if (name.includes('"') || name.includes('\0')) throw new FrappeError('DataError', `Unsafe SQL identifier: ${JSON.stringify(name)}`)
  return `"${name}"`
}

/** Frappe's table naming, so a file opened in a SQLite browser reads like a Frappe database. */
export function tableIdent(doctype: string): string {
  return quoteIdent(`tab${doctype}`)
}

/** Our index names; the `ix:` prefix keeps them apart from tables and lets `open` find its own. */
export function indexName(doctype: string, column: string): string {
  return `ix:${doctype}:${column}`
}

// inside a quoted JSON path label only a quote, a backslash or a control character could escape
const pathUnsafe = (field: string): boolean => [...field].some((c) => c === '"' || c === '\\' || c < ' ')

/** A JSON path to one key of a document or row, bound as a parameter. */
export function jsonPath(field: string): string {
  if (field === '' || pathUnsafe(field)) throw new FrappeError('DataError', `Field not permitted in query: ${field}`)
  return `$."${field}"`
}
