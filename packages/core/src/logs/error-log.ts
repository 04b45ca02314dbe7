import type { StoreReader, StoreWriter } from '../ports/local-store.ts'
import type { MutationKind, RemoteError } from '../ports/remote.ts'
import type { FieldLoss } from '../migrations/reshape.ts'

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
  /**
   * Values the change carried that the server's new meta has no place for (a removed field, a
   * value the new field type cannot hold): taken out of the queued change and kept here, so the
   * user can re-enter them. Retry sends the rest of the change; discard drops it.
   */
  readonly lost?: readonly FieldLoss[]
}

/** The exception class of an entry made locally because the DocType changed under a queued change. */
export const META_CHANGED = 'MetaChangedError'

export const ERROR = 'error'

export function errorEntry(m: { id: string; doctype: string; name: string; kind: MutationKind }, error: RemoteError, at: number): SyncErrorEntry {
  return { id: m.id, doctype: m.doctype, name: m.name, kind: m.kind, excType: error.excType, httpStatus: error.httpStatus, message: error.message, messages: error.messages, at }
}

const shown = (value: unknown): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value)
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)
}

/**
 * The entry for a queued change that can no longer be sent as it was because its DocType
 * changed on the server; joined to the server's refusal when the change was refused already.
 */
export function metaChangeEntry(m: { id: string; doctype: string; name: string; kind: MutationKind }, lost: readonly FieldLoss[], at: number, existing?: SyncErrorEntry): SyncErrorEntry {
  const lines = lost.map((l) => `${l.detail}: ${shown(l.value)} was not sent`)
  const message = `${m.doctype} ${m.name}: this ${m.kind} was queued before the server changed ${m.doctype} and cannot be sent as it was. ${lines.join('; ')}. Retry sends the rest of the change; discard drops it.`
  if (!existing) return { id: m.id, doctype: m.doctype, name: m.name, kind: m.kind, excType: META_CHANGED, httpStatus: undefined, message, messages: lines, at, lost }
  return { ...existing, message: `${existing.message}\n${message}`, messages: [...existing.messages, ...lines], lost: [...(existing.lost ?? []), ...lost] }
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
