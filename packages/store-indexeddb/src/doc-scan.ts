import { sortKey, type Doc, type DocType } from '@outpost/meta'
import { rowDoc } from './doc-rows.ts'
import type { RowCipher } from './row-cipher.ts'
import { openDocRows } from './sealed-rows.ts'
import { BELOW_VALUES, indexedField, nullable } from './index-entries.ts'
import { nullDocKeys } from './group-keys.ts'
import { ABOVE_STRINGS, MIN_STRING, type DocKey, type DocRow, type Tables } from './layout.ts'
import type { BoundRange, ReadSession } from './read-session.ts'

/** Rows per getAll / bulkGet: large enough to be fast, small enough to keep memory bounded. */
const CHUNK = 500

export type Keep = (doc: Doc) => boolean

/** Where the store's rows are read from and what it is called in errors. */
export interface DocSource {
  readonly tables: Tables
  readonly storeName: string
  /** The call's native reads, when there is a call (a reindex reads through Dexie). */
  readonly reads?: ReadSession
}

/** A source inside a store call: its reads go through the call's session. */
export interface SessionSource extends DocSource {
  readonly reads: ReadSession
}

/** The documents of rows read (none missing): decrypted, in an encrypted database, once the read is over. */
async function docsOf(src: DocSource, rows: readonly unknown[]): Promise<Doc[]> {
  const { cipher } = src.tables
  return cipher ? openDocRows(cipher, src.storeName, rows) : rows.map((row) => rowDoc(src.storeName, row))
}

/**
 * Every document of a DocType in name order, one getAll per chunk, keeping those `keep`
 * accepts: memory holds the matches, not the whole DocType.
 */
export async function scanDocs(src: DocSource, doctype: string, keep: Keep): Promise<Doc[]> {
  const out: Doc[] = []
  let after: string | undefined
  for (;;) {
    const lower: DocKey = [doctype, after ?? MIN_STRING]
    const range = src.tables.docs.where(':id').between(lower, [doctype, ABOVE_STRINGS], after === undefined, false)
    const rows: unknown[] = await range.limit(CHUNK).toArray()
    for (const doc of await docsOf(src, rows)) if (keep(doc)) out.push(doc)
    if (rows.length < CHUNK) return out
    after = (rows[rows.length - 1] as DocRow).key
  }
}

/** The documents of the given folded names, their gets issued a chunk at a time. */
export async function loadDocs(src: DocSource, doctype: string, keys: Iterable<string>, keep: Keep): Promise<Doc[]> {
  const all = [...keys]
  const out: Doc[] = []
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK).map((k): DocKey => [doctype, k])
    const rows: unknown[] = src.reads ? await src.reads.getDocs(chunk) : (await src.tables.docs.bulkGet(chunk)).filter((row) => row !== undefined)
    for (const doc of await docsOf(src, rows)) if (keep(doc)) out.push(doc)
  }
  return out
}

export interface OrderedScan {
  readonly term: { readonly field: string; readonly order: 'asc' | 'desc' }
  /** Only these folded names can match (from other indexes), when known. */
  readonly keys: ReadonlySet<string> | undefined
  readonly keep: Keep
  /** How many matches the page needs (offset + limit). */
  readonly want: number
  /**
   * An `ix` range whose entries are in the term's order, read in place of the term's own
   * index: one value of a filtered field, its entries carrying the term's value (its NULLs
   * as the lowest) after their own. Its documents are all the query can match.
   */
  readonly paired?: BoundRange
}

/** Where the documents of a scan are in the order of its term: a paired range, the term's `ix` entries, or the primary key for `name`. */
function orderRange(doctype: DocType, { term: { field }, paired }: OrderedScan): { index: 'pk' | 'ix'; range: BoundRange } {
  if (paired) return { index: 'ix', range: paired }
  return field === 'name'
    ? { index: 'pk', range: { lower: [doctype.name, MIN_STRING], upper: [doctype.name, ABOVE_STRINGS], lowerOpen: false, upperOpen: true } }
    : { index: 'ix', range: { lower: [doctype.name, field, BELOW_VALUES], upper: [doctype.name, field, ABOVE_STRINGS], lowerOpen: false, upperOpen: true } }
}

/** The same rows through Dexie, a page at a time (an encrypted scan waits for WebCrypto between pages). */
function orderedRows(src: DocSource, doctype: DocType, scan: OrderedScan) {
  const { index, range: r } = orderRange(doctype, scan)
  const range = src.tables.docs.where(index === 'pk' ? ':id' : 'ix').between(r.lower, r.upper, !r.lowerOpen, !r.upperOpen)
  return scan.term.order === 'desc' ? range.reverse() : range
}

/**
 * The matches whose sort value is NULL: the term's index has no entry for them (group-keys.ts).
 * They sort first ascending and last descending, and tie with each other, so they are wanted
 * all or none.
 */
async function nullMatches(src: SessionSource, doctype: DocType, scan: OrderedScan): Promise<Doc[]> {
  // a paired range holds its NULLs, as the lowest order values
  const field = scan.term.field === 'name' || scan.paired ? undefined : indexedField(doctype, scan.term.field)
  if (!field || !nullable(field.kind)) return []
  const keys = await nullDocKeys(src.reads, doctype.name, field.field)
  const candidates = scan.keys ? [...keys].filter((k) => scan.keys!.has(k)) : keys
  return loadDocs(src, doctype.name, candidates, scan.keep)
}

/**
 * Matches in the order of the first sort term: its NULLs first when ascending, then its index
 * until `want` are found and the term's value changes, then its NULLs when descending and the
 * page is not full yet. Every document sorting before the last one kept has been seen, and its
 * ties too, so sorting what was kept by every term gives the true first `want`.
 */
export async function scanOrdered(src: SessionSource, doctype: DocType, scan: OrderedScan): Promise<Doc[]> {
  const ascending = scan.term.order === 'asc'
  const out: Doc[] = ascending ? await nullMatches(src, doctype, scan) : []
  if (out.length >= scan.want) return out
  const { cipher } = src.tables
  if (scan.paired && (await scanPairedKeys(src, doctype, { ...scan, paired: scan.paired }, out))) return out
  if (cipher) await scanIndexSealed(src, cipher, doctype, scan, out)
  else await scanIndex(src, doctype, scan, out)
  if (!ascending && out.length < scan.want) out.push(...(await nullMatches(src, doctype, scan)))
  return out
}

/**
 * A paired range read without its rows: one getAllKeys lists the range's names in list order
 * (entries carry the order value), and only the page's candidates (`keys`, when other indexes
 * gave some) are loaded (and in an encrypted database decrypted), with the next ones while
 * they tie with the last. False, with nothing added, when `keep` refuses one of them (a filter
 * the candidates do not reflect): the caller then reads the rows in order.
 */
async function scanPairedKeys(src: SessionSource, doctype: DocType, scan: OrderedScan & { paired: BoundRange }, out: Doc[]): Promise<boolean> {
  const [listed = []] = await src.reads.docKeys('ix', [scan.paired])
  const names = (listed as DocKey[]).map(([, key]) => key).filter((key) => !scan.keys || scan.keys.has(key))
  if (scan.term.order === 'desc') names.reverse()
  const want = scan.want - out.length
  const order = (doc: Doc): unknown => sortKey(doctype, doc, scan.term.field)
  // the page and one past it; then more while the last loaded ties with the page's last
  let next = want + 1
  const page = await loadDocs(src, doctype.name, names.slice(0, next), () => true)
  while (next < names.length && page.length > want && order(page[page.length - 1]!) === order(page[want - 1]!)) {
    page.push(...(await loadDocs(src, doctype.name, names.slice(next, next + want), () => true)))
    next += want
  }
  const last = page.length > want ? order(page[want - 1]!) : undefined
  const taken = page.filter((doc, i) => i < want || order(doc) === last)
  if (!taken.every(scan.keep)) return false
  out.push(...taken)
  return true
}

/** The index part of scanOrdered: adds to `out` (which may hold NULL matches already) in index order. */
async function scanIndex(src: SessionSource, doctype: DocType, scan: OrderedScan, out: Doc[]): Promise<void> {
  let boundary: { value: string | number | null } | undefined
  /** Takes a row in order; false once the page is full and the row's value is past the boundary's. */
  const take = (row: unknown): boolean => {
    const doc = rowDoc(src.storeName, row)
    const value = boundary === undefined ? undefined : sortKey(doctype, doc, scan.term.field)
    if (boundary !== undefined && value !== boundary.value) return false
    if (scan.keys && !scan.keys.has((row as DocRow).key)) return true
    if (!scan.keep(doc)) return true
    out.push(doc)
    if (out.length === scan.want) boundary = { value: sortKey(doctype, doc, scan.term.field) }
    return true
  }
  const { index, range } = orderRange(doctype, scan)
  await src.reads.walkDocs(index, range, scan.term.order === 'desc' ? 'prev' : 'next', true, (cursor) => take(cursor.value))
}

/** Rows of the first page an encrypted ordered scan reads; each further page is twice as long, up to CHUNK. */
const FIRST_SEALED_PAGE = 50

/**
 * scanOrdered for an encrypted database: a cursor cannot wait for WebCrypto, so the index is
 * read a page of rows at a time (the page skipping the rows read before: one store call sees
 * no other write), and only the candidates of a page are decrypted.
 */
async function scanIndexSealed(src: DocSource, cipher: RowCipher, doctype: DocType, scan: OrderedScan, out: Doc[]): Promise<void> {
  let boundary: { value: string | number | null } | undefined
  let offset = 0
  let size = Math.min(CHUNK, Math.max(FIRST_SEALED_PAGE, scan.want))
  for (;;) {
    const rows: unknown[] = await orderedRows(src, doctype, scan).offset(offset).limit(size).toArray()
    const candidates = scan.keys ? rows.filter((row) => scan.keys!.has((row as DocRow).key)) : rows
    for (const doc of await openDocRows(cipher, src.storeName, candidates)) {
      const value = sortKey(doctype, doc, scan.term.field)
      if (boundary !== undefined && value !== boundary.value) return
      if (!scan.keep(doc)) continue
      out.push(doc)
      if (out.length === scan.want) boundary = { value }
    }
    if (rows.length < size) return
    offset += rows.length
    size = Math.min(CHUNK, size * 2)
  }
}
