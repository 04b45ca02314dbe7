import type { DocType } from './doctype.ts'
import type { Doc } from './document.ts'
import { FrappeError } from './errors.ts'
import type { StorageKind } from './field-types.ts'
import type { FilterCondition } from './filters.ts'
import type { Schema } from './schema.ts'
import { filterBetween, filterList, filterScalar, isNumericKind, likeMatches } from './filter-values.ts'

/**
 * Frappe's filter semantics evaluated on a document in memory, exactly as the SQL the server
 * and the SQLite store build: NULL compares as its `ifnull` fallback, text compares without
 * regard to ASCII case (MariaDB's _ci, SQLite's NOCASE), `like` takes `%` and `_`.
 * Tree operators need the tree and are refused here.
 */
const STANDARD_STORAGE: Record<string, StorageKind> = {
  name: 'text', owner: 'text', modified_by: 'text', creation: 'datetime', modified: 'datetime',
  docstatus: 'int', idx: 'int', parent: 'text', parentfield: 'text', parenttype: 'text', outpost_id: 'text',
}

export function storageOf(doctype: DocType, field: string): StorageKind {
  const f = doctype.field(field)
  if (f) return f.storage
  const standard = STANDARD_STORAGE[field]
  if (standard) return standard
  throw new FrappeError('DataError', `Field not permitted in query: ${field}`)
}

/** Compare two scalars of one storage kind: numbers numerically, text as folded strings. */
export function compareScalars(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  const x = String(a)
  const y = String(b)
  return x < y ? -1 : x > y ? 1 : 0
}

function matchesValue(kind: StorageKind, raw: unknown, c: FilterCondition): boolean {
  const actual = filterScalar(kind, raw)
  switch (c.op) {
    case 'in': case 'not in': {
      const values = filterList(kind, c.value)
      const hit = values.length === 0 ? actual === '' : values.some((v) => compareScalars(actual, v) === 0)
      return c.op === 'in' ? hit : !hit
    }
    case 'is': {
      const v = String(c.value ?? '').toLowerCase()
      if (v !== 'set' && v !== 'not set') throw new FrappeError('DataError', '"is" needs "set" or "not set"')
      // Frappe's `ifnull(col, '') != ''`: an empty date is not set, whatever its ifnull fallback.
      const set = isNumericKind(kind) ? actual !== 0 : !(raw === null || raw === undefined || raw === '')
      return v === 'set' ? set : !set
    }
    case 'between': {
      const [from, to] = filterBetween(kind, c.value)
      return compareScalars(actual, from) >= 0 && compareScalars(actual, to) <= 0
    }
    case 'like': case 'not like': {
      // SQLite's LIKE ignores ASCII case whatever the column's collation.
      const hit = likeMatches(String(filterScalar('text', c.value)), String(actual))
      return c.op === 'like' ? hit : !hit
    }
    case '=': return compareScalars(actual, filterScalar(kind, c.value)) === 0
    case '!=': return compareScalars(actual, filterScalar(kind, c.value)) !== 0
    case '<': return compareScalars(actual, filterScalar(kind, c.value)) < 0
    case '>': return compareScalars(actual, filterScalar(kind, c.value)) > 0
    case '<=': return compareScalars(actual, filterScalar(kind, c.value)) <= 0
    case '>=': return compareScalars(actual, filterScalar(kind, c.value)) >= 0
    default: throw new FrappeError('DataError', `Operator ${c.op} is not supported on local data`)
  }
}

function childRows(schema: Schema, doctype: DocType, doc: Doc, childDoctype: string): { child: DocType; rows: Doc[] } {
  const child = schema.get(childDoctype)
  const fields = doctype.tableFields.filter((f) => f.options === childDoctype)
  if (!child || fields.length === 0) throw new FrappeError('DataError', `Filter on ${childDoctype} is not allowed for ${doctype.name}`)
  return { child, rows: fields.flatMap((f) => (Array.isArray(doc[f.fieldname]) ? (doc[f.fieldname] as Doc[]) : [])) }
}

/** Frappe's fallback: a field only a child table has filters on that child table. */
function childHolding(schema: Schema, doctype: DocType, field: string): string | undefined {
  if (doctype.field(field) || field in STANDARD_STORAGE) return undefined
  return doctype.tableFields.map((tf) => schema.get(tf.options)).find((child) => child?.field(field))?.name
}

export function matchesCondition(schema: Schema, doctype: DocType, doc: Doc, given: FilterCondition): boolean {
  const childDoctype = given.doctype ?? childHolding(schema, doctype, given.field)
  if (childDoctype !== undefined && childDoctype !== doctype.name) {
    const { child, rows } = childRows(schema, doctype, doc, childDoctype)
    const inner = { ...given, doctype: undefined }
    return rows.some((row) => matchesValue(storageOf(child, inner.field), row[inner.field], inner))
  }
  return matchesValue(storageOf(doctype, given.field), doc[given.field], given)
}

/** AND of `filters`, AND (OR of `orFilters`): get_list's WHERE. */
export function matchesFilters(schema: Schema, doctype: DocType, doc: Doc, filters: readonly FilterCondition[], orFilters: readonly FilterCondition[] = []): boolean {
  if (!filters.every((c) => matchesCondition(schema, doctype, doc, c))) return false
  return orFilters.length === 0 || orFilters.some((c) => matchesCondition(schema, doctype, doc, c))
}

/** The value a document sorts by on `field`, as the SQL ORDER BY on the column. */
export function sortKey(doctype: DocType, doc: Doc, field: string): string | number | null {
  const kind = storageOf(doctype, field)
  const value = doc[field]
  if (value === null || value === undefined) return isNumericKind(kind) ? 0 : null
  return filterScalar(kind, value)
}
