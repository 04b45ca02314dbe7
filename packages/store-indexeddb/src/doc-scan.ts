import { sortKey, type Doc, type DocType } from '@outpost/meta'
import { rowDoc } from './doc-rows.ts'
import type { RowCipher } from './row-cipher.ts'
import { openDocRows } from './sealed-rows.ts'
import { NULL_KEY } from './index-entries.ts'
import { ABOVE_STRINGS, MIN_STRING, type DocKey, type DocRow, type Tables } from './layout.ts'

/** Rows per getAll / bulkGet: large enough to be fast, small enough to keep memory bounded. */
const CHUNK = 500

export type Keep = (doc: Doc) => boolean

/** Where the store's rows are read from and what it is called in errors. */
export interface DocSource {
  readonly tables: Tables
  readonly storeName: string
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

/** The documents of the given folded names, one bulkGet per chunk. */
export async function loadDocs(src: DocSource, doctype: string, keys: Iterable<string>, keep: Keep): Promise<Doc[]> {
  const all = [...keys]
  const out: Doc[] = []
  for (let i = 0; i < all.length; i += CHUNK) {
    const rows: unknown[] = await src.tables.docs.bulkGet(all.slice(i, i + CHUNK).map((k): DocKey => [doctype, k]))
    for (const doc of await docsOf(src, rows.filter((row) => row !== undefined))) if (keep(doc)) out.push(doc)
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
}

/** The documents of a DocType in index order of one field (its `ix` entries, or the primary key for `name`). */
function orderedRows(src: DocSource, doctype: DocType, field: string, order: 'asc' | 'desc') {
  const docs = src.tables.docs
  const range = field === 'name'
    ? docs.where(':id').between([doctype.name, MIN_STRING], [doctype.name, ABOVE_STRINGS], true, false)
    : docs.where('ix').between([doctype.name, field, NULL_KEY], [doctype.name, field, ABOVE_STRINGS], true, false)
  return order === 'desc' ? range.reverse() : range
}

/**
 * Matches in the order of the first sort term, read from its index until `want` are found and
 * the term's value changes: every document sorting before the last one kept has been seen, and
 * its ties too, so sorting what was kept by every term gives the true first `want`.
 */
export async function scanOrdered(src: DocSource, doctype: DocType, scan: OrderedScan): Promise<Doc[]> {
  const { cipher } = src.tables
  if (cipher) return scanOrderedSealed(src, cipher, doctype, scan)
  const out: Doc[] = []
  let boundary: { value: string | number | null } | undefined
  const valueOf = (row: unknown) => sortKey(doctype, rowDoc(src.storeName, row), scan.term.field)
  await orderedRows(src, doctype, scan.term.field, scan.term.order)
    .until((row) => boundary !== undefined && valueOf(row) !== boundary.value)
    .each((row) => {
      if (scan.keys && !scan.keys.has((row as DocRow).key)) return
      const doc = rowDoc(src.storeName, row)
      if (!scan.keep(doc)) return
      out.push(doc)
      if (out.length === scan.want) boundary = { value: sortKey(doctype, doc, scan.term.field) }
    })
  return out
}

/** Rows of the first page an encrypted ordered scan reads; each further page is twice as long, up to CHUNK. */
const FIRST_SEALED_PAGE = 50

/**
 * scanOrdered for an encrypted database: a cursor cannot wait for WebCrypto, so the index is
 * read a page of rows at a time (the page skipping the rows read before: one store call sees
 * no other write), and only the candidates of a page are decrypted.
 */
async function scanOrderedSealed(src: DocSource, cipher: RowCipher, doctype: DocType, scan: OrderedScan): Promise<Doc[]> {
  const out: Doc[] = []
  let boundary: { value: string | number | null } | undefined
  let offset = 0
  let size = Math.min(CHUNK, Math.max(FIRST_SEALED_PAGE, scan.want))
  for (;;) {
    const rows: unknown[] = await orderedRows(src, doctype, scan.term.field, scan.term.order).offset(offset).limit(size).toArray()
    const candidates = scan.keys ? rows.filter((row) => scan.keys!.has((row as DocRow).key)) : rows
    for (const doc of await openDocRows(cipher, src.storeName, candidates)) {
      const value = sortKey(doctype, doc, scan.term.field)
      if (boundary !== undefined && value !== boundary.value) return out
      if (!scan.keep(doc)) continue
      out.push(doc)
      if (out.length === scan.want) boundary = { value }
    }
    if (rows.length < size) return out
    offset += rows.length
    size = Math.min(CHUNK, size * 2)
  }
}
