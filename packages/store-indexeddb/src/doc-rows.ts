import { foldCase, type Doc, type DocType } from '@outpost/meta'
import { indexEntries, type IndexedField } from './index-entries.ts'
import type { DocKey, DocRow, RecordRow } from './layout.ts'
import { corruptError } from './store-errors.ts'

export function docKey(doctype: string, name: string): DocKey {
  return [doctype, foldCase(name)]
}

/** A document's stored name as text; numbers are accepted as the SQLite store accepts them. */
export function nameOf(doc: Doc): string | undefined {
  const name = doc['name']
  return (typeof name === 'string' || typeof name === 'number') && name !== '' ? String(name) : undefined
}

export function docRow(doctype: DocType, doc: Doc, pair: IndexedField | undefined): DocRow {
  const name = nameOf(doc)!
  return { doctype: doctype.name, key: foldCase(name), doc, ix: indexEntries(doctype, doc, pair) }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The document a stored row holds, or STORE_CORRUPT when the row is not one this library wrote. */
export function rowDoc(storeName: string, row: unknown): Doc {
  if (isObject(row) && isObject(row['doc']) && Array.isArray(row['ix']) && typeof row['key'] === 'string') {
    const doc = row['doc']
    if (nameOf(doc) !== undefined) return doc
  }
  const where = isObject(row) ? ` (${String(row['doctype'])} ${String(row['key'])})` : ''
  throw corruptError(storeName, `holds a document row it cannot read${where}: it was damaged or written by another program`)
}

export function rowValue(storeName: string, row: unknown): unknown {
  if (isObject(row) && 'value' in row && typeof row['key'] === 'string') return (row as unknown as RecordRow).value
  throw corruptError(storeName, 'holds a record it cannot read: it was damaged or written by another program')
}
