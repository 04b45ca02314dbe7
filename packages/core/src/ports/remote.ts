import type { Doc } from '@outpost/meta'

/**
 * Remote: the server side of a replica (stock Frappe REST, or the Outpost sync protocol).
 *
 * Guarantees:
 * - Expected outcomes are data: `push` and `pull` never throw for HTTP statuses or a dead
 *   network; they answer a `PushOutcome` / `PullOutcome`. They throw only for programming errors.
 * - `push` is safe to repeat with the same mutation: a Remote without `idempotentPush` must find
 *   out (e.g. by `outpost_id`) whether an insert it is asked to repeat already happened.
 * - Pages from `pull` are in cursor order; a page never skips a document committed before the
 *   previous page's cursor (a Remote without `changeLog` re-reads an overlap window).
 */
export interface Remote {
  readonly capabilities: RemoteCapabilities
  /** The DocType JSON of `doctype` and its child DocTypes, as `getdoctype` returns them. */
  getDocTypes(doctype: string): Promise<RemoteResult<unknown[]>>
  push(mutation: OutgoingMutation): Promise<PushOutcome>
  pull(request: PullRequest): Promise<PullOutcome>
  /** Every name of `doctype` the user may read: reconciles deletions and lost permissions. */
  listNames(doctype: string): Promise<RemoteResult<string[]>>
  /** Whole documents (child rows included) by name; names the user may not read are left out. */
  fetchDocs(doctype: string, names: readonly string[]): Promise<RemoteResult<Doc[]>>
  close?(): Promise<void>
}

export interface RemoteCapabilities {
  /** Repeating a mutation id returns the first answer (Outpost protocol). */
  readonly idempotentPush: boolean
  /** A commit-ordered change log: pulls never miss a late commit. */
  readonly changeLog: boolean
  /** Deletions are reported (Frappe: only to users who may read Deleted Document). */
  readonly deletions: boolean
  /** The server translates temp names it already resolved. */
  readonly tempNameResolution: boolean
}

export type MutationKind = 'insert' | 'update' | 'delete' | 'submit' | 'cancel'

export interface OutgoingMutation {
  readonly id: string
  readonly kind: MutationKind
  readonly doctype: string
  /** The document's name on the server (never a temp name, except for `insert`). */
  readonly name: string
  readonly outpostId: string
  /** The server `modified` this change was made on (not for `insert`). */
  readonly baseModified: string | undefined
  /** `insert`: the whole document. `update`: the changed fields and whole changed tables. */
  readonly doc: Doc | undefined
  /** It was sent before without an answer: the server may already have applied it. */
  readonly maybeApplied: boolean
}

/** A server refusal, decoded: Frappe's exception class and its messages. */
export interface RemoteError {
  readonly excType: string
  readonly httpStatus: number | undefined
  readonly message: string
  readonly messages: readonly string[]
}

export type PushOutcome =
  | { readonly kind: 'accepted'; readonly doc: Doc | undefined }
  | { readonly kind: 'rejected'; readonly error: RemoteError }
  | { readonly kind: 'conflict'; readonly serverDoc: Doc | undefined; readonly error: RemoteError }
  | { readonly kind: 'retry'; readonly retryAfterMs: number | undefined; readonly error: RemoteError }
  | { readonly kind: 'auth'; readonly error: RemoteError }
  | { readonly kind: 'offline'; readonly error: RemoteError }

export interface PullRequest {
  readonly doctype: string
  /** Opaque; undefined starts from the beginning. */
  readonly cursor: string | undefined
  readonly limit: number
}

export type PullOutcome =
  | {
    readonly kind: 'page'
    readonly docs: readonly Doc[]
    /** Names deleted on the server since the cursor. */
    readonly deleted: readonly string[]
    readonly cursor: string | undefined
    readonly hasMore: boolean
    /** How many documents the whole pull will bring, when the server can tell. */
    readonly total: number | undefined
  }
  | Exclude<PushOutcome, { kind: 'accepted' } | { kind: 'conflict' }>

export type RemoteResult<T> = { readonly kind: 'ok'; readonly value: T } | Exclude<PullOutcome, { kind: 'page' }>
