import type { Doc } from '@outpost/meta'
import type { StoreReader, StoreWriter } from '../ports/local-store.ts'
import { queuedFor } from '../outbox/outbox-store.ts'
import type { Mutation } from '../outbox/mutation.ts'

/**
 * The server version local changes were made on: the base of three-way merges and the
 * `modified` an update is sent with. Kept only while a document has queued changes (a document
 * without any is its server version already, so booting writes no second copy of each one);
 * absent for documents the server has never seen.
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

/**
 * The base for a local change about to be queued on `current`: the stored one, or, when nothing
 * is queued for the document yet, `current` itself (the server version), kept from now on.
 * `known`: the stored base and the queued mutations, read by the caller in this transaction
 * with nothing written since.
 */
export async function ensureBase(tx: StoreWriter, doctype: string, current: Doc, known?: { readonly base: Doc | undefined; readonly queued: readonly Mutation[] }): Promise<Doc | undefined> {
  const name = String(current['name'])
  const stored = known ? known.base : await getBase(tx, doctype, name)
  if (stored) return stored
  if ((known ? known.queued : await queuedFor(tx, doctype, name)).length > 0) return undefined
  await putBase(tx, doctype, current)
  return current
}
