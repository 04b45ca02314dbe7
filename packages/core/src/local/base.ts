import type { Doc } from '@outpost/meta'
import type { StoreReader, StoreWriter } from '../ports/local-store.ts'

/**
 * The last server version of each document: the base of three-way merges and the
 * `modified` an update is sent with. Absent for documents the server has never seen.
 */
const key = (doctype: string, name: string): string => `${doctype}\u0000${name.toLowerCase()}`

export function getBase(tx: StoreReader, doctype: string, name: string): Promise<Doc | undefined> {
  return tx.getRecord<Doc>('base', key(doctype, name))
}

export function putBase(tx: StoreWriter, doctype: string, doc: Doc): Promise<void> {
  return tx.putRecord('base', key(doctype, String(doc['name'])), doc)
}

export function deleteBase(tx: StoreWriter, doctype: string, name: string): Promise<void> {
  return tx.deleteRecord('base', key(doctype, name))
}
