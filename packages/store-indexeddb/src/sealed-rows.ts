import type { Doc } from '@outpost/meta'
import { nameOf } from './doc-rows.ts'
import type { DocRow, RecordRow, SealedDocRow, SealedRecordRow } from './layout.ts'
import { isBytes, type RowCipher } from './row-cipher.ts'
import { corruptError } from './store-errors.ts'

/**
 * Rows of an encrypted database. Sealing runs before the flush opens its transaction, opening
 * after rows were read: WebCrypto is asynchronous, and awaiting it inside an IndexedDB
 * transaction would let the transaction commit. The row's own key is the additional data, so
 * a ciphertext moved to another row fails to open (STORE_CORRUPT), as a damaged one does.
 */
const docAad = (doctype: string, key: string): string => JSON.stringify(['docs', doctype, key])
const recordAad = (kind: string, key: string): string => JSON.stringify(['records', kind, key])

export async function sealDocRow(cipher: RowCipher, row: DocRow): Promise<SealedDocRow> {
  return { doctype: row.doctype, key: row.key, sealed: await cipher.seal(docAad(row.doctype, row.key), row.doc), ix: row.ix }
}

export async function sealRecordRow(cipher: RowCipher, row: RecordRow): Promise<SealedRecordRow> {
  return { kind: row.kind, key: row.key, sealed: await cipher.seal(recordAad(row.kind, row.key), row.value) }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

interface Sealed {
  readonly part: string
  readonly key: string
  readonly sealed: Uint8Array
}

/** The row's kind or DocType, key and ciphertext, or undefined for a row that has none. */
function sealedOf(row: unknown, partField: 'doctype' | 'kind'): Sealed | undefined {
  if (!isObject(row)) return undefined
  const { [partField]: part, key, sealed } = row
  return typeof part === 'string' && typeof key === 'string' && isBytes(sealed) ? { part, key, sealed } : undefined
}

async function openOne(storeName: string, cipher: RowCipher, what: string, aad: string, row: Sealed): Promise<unknown> {
  try {
    return await cipher.open(aad, row.sealed)
  } catch (e) {
    throw corruptError(storeName, `holds ${what} (${row.part} ${row.key}) that does not decrypt with its key: it was damaged, or moved from another row`, e)
  }
}

async function openDoc(storeName: string, cipher: RowCipher, row: unknown): Promise<Doc> {
  const s = sealedOf(row, 'doctype')
  const doc = s ? await openOne(storeName, cipher, 'a document row', docAad(s.part, s.key), s) : undefined
  if (isObject(doc) && nameOf(doc) !== undefined) return doc
  const where = isObject(row) ? ` (${String(row['doctype'])} ${String(row['key'])})` : ''
  throw corruptError(storeName, `holds a document row it cannot read${where}: it was damaged or written by another program`)
}

async function openRecord(storeName: string, cipher: RowCipher, row: unknown): Promise<unknown> {
  const s = sealedOf(row, 'kind')
  if (!s) throw corruptError(storeName, 'holds a record it cannot read: it was damaged or written by another program')
  return openOne(storeName, cipher, 'a record', recordAad(s.part, s.key), s)
}

/** The documents of an encrypted database's rows, decrypted side by side. */
export function openDocRows(cipher: RowCipher, storeName: string, rows: readonly unknown[]): Promise<Doc[]> {
  return Promise.all(rows.map((row) => openDoc(storeName, cipher, row)))
}

/** The values of an encrypted database's records, decrypted side by side. */
export function openRecordRows(cipher: RowCipher, storeName: string, rows: readonly unknown[]): Promise<unknown[]> {
  return Promise.all(rows.map((row) => openRecord(storeName, cipher, row)))
}
