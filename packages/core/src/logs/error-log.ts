import type { StoreReader, StoreWriter } from '../ports/local-store.ts'
import type { MutationKind, RemoteError } from '../ports/remote.ts'

/**
 * The Sync Error Log: one entry per mutation the server refused. The mutation stays in the
 * outbox (never retried on its own) until the user retries or discards it.
 */
export interface SyncErrorEntry {
  /** The refused mutation's id. */
  readonly id: string
  readonly doctype: string
  readonly name: string
  readonly kind: MutationKind
  readonly excType: string
  readonly httpStatus: number | undefined
  /** The decoded server message (`_server_messages`), joined for display. */
  readonly message: string
  readonly messages: readonly string[]
  readonly at: number
}

export const ERROR = 'error'

export function errorEntry(m: { id: string; doctype: string; name: string; kind: MutationKind }, error: RemoteError, at: number): SyncErrorEntry {
  return { id: m.id, doctype: m.doctype, name: m.name, kind: m.kind, excType: error.excType, httpStatus: error.httpStatus, message: error.message, messages: error.messages, at }
}

export async function listErrors(tx: StoreReader): Promise<SyncErrorEntry[]> {
  return (await tx.listRecords<SyncErrorEntry>(ERROR)).map((r) => r.value).sort((a, b) => a.at - b.at)
}

export function putError(tx: StoreWriter, entry: SyncErrorEntry): Promise<void> {
  return tx.putRecord(ERROR, entry.id, entry)
}

export async function deleteErrorsFor(tx: StoreWriter, ids: readonly string[]): Promise<void> {
  for (const id of ids) await tx.deleteRecord(ERROR, id)
}
