import type { Doc } from '@outpost/meta'
import type { MutationId, OutpostId } from '../ids.ts'
import type { MutationKind } from '../ports/remote.ts'

/**
 * One queued change, as stored in the outbox. Mutations of one document are pushed in `seq`
 * order; a mutation that names a temp name waits until that document is accepted.
 */
export interface Mutation {
  readonly id: MutationId
  readonly seq: number
  readonly kind: MutationKind
  readonly doctype: string
  /** The document's local name: a temp name until the server names it. */
  readonly name: string
  readonly outpostId: OutpostId
  /** The server `modified` the change was made on; undefined for an insert. */
  readonly baseModified: string | undefined
  /** insert: the whole document; update: changed fields, whole changed tables. */
  readonly doc: Doc | undefined
  /** Sent and not yet answered: a coalescing write must not change it. */
  readonly inflight: boolean
  /** The server refused it; it waits in the Sync Error Log for a fix, retry or discard. */
  readonly rejected: boolean
  readonly attempts: number
  /** Epoch ms before which a retry is not attempted (backoff). */
  readonly notBefore: number
  /** Epoch ms before which the server asked (`Retry-After`) not to send it again: even "Sync now" waits. */
  readonly retryAfter?: number | undefined
  readonly createdAt: number
}

export const OUTBOX = 'outbox'

/** Outbox keys sort in push order. */
export function outboxKey(seq: number): string {
  return String(seq).padStart(12, '0')
}
