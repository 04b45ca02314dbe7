import { filterScalar, isNumericKind, storageOf, type Doc, type DocType, type StorageKind } from '@outpost/meta'
import type { IndexEntry, IndexValue } from './layout.ts'

/**
 * What `ix` holds, version 3: an entry per indexed field whose value is not NULL, and the
 * name entry [doctype, NAME_ENTRY, nulls, name], where `nulls` lists (sorted, space-separated)
 * the indexed text, date and time fields the document leaves NULL. A NULL costs no index write
 * of its own (a pulled document leaves many Links empty), and the documents where a field is
 * NULL are still found from the index: the name entries are grouped by `nulls`, and a DocType
 * has few distinct groups (null-keys.ts).
 *
 * A field's entry also carries the value of the DocType's list order field (`sortPair`):
 * [doctype, field, value, order value]. Equal values then sit in list order, so a list
 * filtered on one field and sorted by that order reads its page off the index, not every
 * candidate (a customer's 50 invoices to show 20). It costs bytes, not writes.
 *
 * Version 1 wrote an entry [doctype, field, -Infinity] per NULL and [doctype, NAME_ENTRY,
 * name]; version 2 had no order value. `indexSignature` carries the version and the order
 * field, so `open` rewrites the entries of a database written with others.
 */
export const ENTRY_LAYOUT = 3

/** The lowest index value: IndexedDB orders numbers before strings, and no value is below -Infinity. */
export const BELOW_VALUES = -Infinity

/**
 * The entry listing reads a document's name as it is spelled (the primary key holds it folded).
 * Frappe fieldnames are lower-case letters, digits and underscores, so it clashes with none.
 */
export const NAME_ENTRY = '#name'

/** Separates the fieldnames of a name entry's `nulls` (fieldnames hold no space). */
const NULLS_SEPARATOR = ' '

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

/** What the `ix` entries of a DocType's documents depend on (the entry layout and order field included); a change means a reindex. */
export function indexSignature(doctype: DocType, pair: IndexedField | undefined): string {
  return JSON.stringify([ENTRY_LAYOUT, indexedFields(doctype).map((f) => [f.field, f.kind]), pair ? [pair.field, pair.kind] : null])
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

/** The fields a name entry's `nulls` lists. */
export function nullFields(nulls: unknown): string[] {
  return typeof nulls === 'string' && nulls !== '' ? nulls.split(NULLS_SEPARATOR) : []
}

/** A document's entries; each field's but the order field's own carries the order value (NULL as the lowest). */
export function indexEntries(doctype: DocType, doc: Doc, pair: IndexedField | undefined): IndexEntry[] {
  const entries: IndexEntry[] = []
  const nulls: string[] = []
  const order = pair === undefined ? undefined : indexValue(pair.kind, doc[pair.field]) ?? BELOW_VALUES
  for (const f of indexedFields(doctype)) {
    const value = indexValue(f.kind, doc[f.field])
    if (value === undefined) nulls.push(f.field)
    else entries.push(order === undefined || f.field === pair?.field ? [doctype.name, f.field, value] : [doctype.name, f.field, value, order])
  }
  // indexedFields is sorted, so one set of NULL fields is always spelled the same
  entries.push([doctype.name, NAME_ENTRY, nulls.join(NULLS_SEPARATOR), String(doc['name'])])
  return entries
}
