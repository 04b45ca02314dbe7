import type { Doc, FrappeError } from '@outpost/meta'
import { withoutNulls } from '../http/serialize.ts'
import type { PushMutation } from './push-args.ts'

/** The answer to one pushed mutation (docs/sync-protocol.md). */
export type PushResult =
  | { readonly mutation_id: string; readonly status: 'accepted'; readonly doc?: Doc }
  | {
    readonly mutation_id: string; readonly status: 'rejected'; readonly exc_type: string; readonly http_status: number
    readonly message: string; readonly messages: readonly string[]
  }
  | { readonly mutation_id: string; readonly status: 'conflict'; readonly exc_type: string; readonly message: string; readonly doc?: Doc }
  | { readonly mutation_id: string; readonly status: 'skipped'; readonly reason: string }

export function acceptedResult(m: PushMutation, doc: Doc | undefined): PushResult {
  return doc === undefined ? { mutation_id: m.mutationId, status: 'accepted' } : { mutation_id: m.mutationId, status: 'accepted', doc: withoutNulls(doc) }
}

/** A refusal with Frappe's exception class, HTTP status and decoded `_server_messages`. */
export function rejectedResult(m: PushMutation, error: FrappeError): PushResult {
  return {
    mutation_id: m.mutationId, status: 'rejected', exc_type: error.excType, http_status: error.httpStatus,
    message: error.message, messages: error.messages.map((s) => s.message),
  }
}

/** A stale `base_modified`: the server's current document (when the user may read it) to resolve against. */
export function conflictResult(m: PushMutation, error: FrappeError, current: Doc | undefined): PushResult {
  const base = { mutation_id: m.mutationId, status: 'conflict' as const, exc_type: error.excType, message: error.message }
  return current === undefined ? base : { ...base, doc: withoutNulls(current) }
}

export function skippedResult(m: PushMutation, reason: string): PushResult {
  return { mutation_id: m.mutationId, status: 'skipped', reason }
}
