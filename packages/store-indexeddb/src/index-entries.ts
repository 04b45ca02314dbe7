import { filterScalar, isNumericKind, storageOf, type Doc, type DocType, type StorageKind } from '@outpost/meta'
import type { IndexEntry, IndexValue } from './layout.ts'

/**
 * NULL in a text, date or time field is indexed as -Infinity: IndexedDB orders numbers before
 * strings, so it sorts before '' and every value, as NULL sorts first in SQL. Numeric fields
 * index NULL as 0, Frappe's NOT NULL DEFAULT 0.
 */
export const NULL_KEY = -Infinity

/**
 * The entry listing reads a document's name as it is spelled (the primary key holds it folded).
 * Frappe fieldnames are lower-case letters, digits and underscores, so it clashes with none.
 */
export const NAME_ENTRY = '#name'

export interface IndexedField {
  readonly field: string
  readonly kind: StorageKind
}

const STANDARD_INDEXED = ['modified', 'docstatus', 'outpost_id']

const cache = new WeakMap<DocType, readonly IndexedField[]>()

/**
 * Fields worth an index, as the SQLite store picks them: the sync cursor and status, the client
 * id, every Link and Dynamic Link (Link search, rename rewrites) and what the desk lists and
 * filters by.
 */
export function indexedFields(doctype: DocType): readonly IndexedField[] {
  const cached = cache.get(doctype)
  if (cached) return cached
  const names = new Set(STANDARD_INDEXED)
  for (const f of doctype.valueFields) {
    if (f.fieldtype === 'Link' || f.fieldtype === 'Dynamic Link' || f.searchIndex || f.inListView || f.inStandardFilter) names.add(f.fieldname)
  }
  const fields = [...names].sort().map((field) => ({ field, kind: storageOf(doctype, field) }))
  cache.set(doctype, fields)
  return fields
}

export function indexedField(doctype: DocType, field: string): IndexedField | undefined {
  return indexedFields(doctype).find((f) => f.field === field)
}

/** What the `ix` entries of a DocType's documents depend on; a change means a reindex. */
export function indexSignature(doctype: DocType): string {
  return JSON.stringify(indexedFields(doctype).map((f) => [f.field, f.kind]))
}

/** A field's value as its index holds it: meta's filter value, NULL as NULL_KEY (or 0). */
export function indexValue(kind: StorageKind, raw: unknown): IndexValue {
  if (isNumericKind(kind)) {
    const n = raw === null || raw === undefined ? 0 : Number(raw)
    return Number.isFinite(n) ? n : 0
  }
  if (raw === null || raw === undefined) return NULL_KEY
  return filterScalar(kind, raw)
}

export function indexEntries(doctype: DocType, doc: Doc): IndexEntry[] {
  const entries: IndexEntry[] = indexedFields(doctype).map((f) => [doctype.name, f.field, indexValue(f.kind, doc[f.field])])
  entries.push([doctype.name, NAME_ENTRY, String(doc['name'])])
  return entries
}
