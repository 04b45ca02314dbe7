import type { Doc } from '@outpost/meta'

/**
 * Remote: the server side of a replica (stock Frappe REST, or the Outpost sync protocol).
 *
 * Guarantees:
 * - Expected outcomes are data: `push`, `pushBatch` and `pull` never throw for HTTP statuses or a
 *   dead network; they answer outcomes. They throw only for programming errors.
 * - `push` is safe to repeat with the same mutation: a Remote without `idempotentPush` must find
 *   out (e.g. by `outpost_id`) whether an insert it is asked to repeat already happened.
 * - `pushBatch` (present when `batchPush`) applies the mutations in order and answers one outcome
 *   per mutation, index-aligned; `undefined` = not attempted (it follows a refused one).
 * - Pages from `pull` are in cursor order; a page never skips a document committed before the
 *   previous page's cursor (a Remote without `changeLog` re-reads an overlap window). A page is
 *   whole or not at all: an incomplete answer is a failure, never a partial page.
 */
export interface Remote {
  readonly capabilities: RemoteCapabilities
  /** The DocType JSON of `doctype` and its child DocTypes, as `getdoctype` returns them. */
  getDocTypes(doctype: string): Promise<RemoteResult<unknown[]>>
  push(mutation: OutgoingMutation): Promise<PushOutcome>
  pushBatch?(mutations: readonly OutgoingMutation[]): Promise<BatchPushOutcome>
  pull(request: PullRequest): Promise<PullOutcome>
  /** Every name of `doctype` the user may read: reconciles deletions and lost permissions. */
  listNames(doctype: string): Promise<RemoteResult<string[]>>
  /** Whole documents (child rows included) by name; names the user may not read are left out. */
  fetchDocs(doctype: string, names: readonly string[]): Promise<RemoteResult<Doc[]>>
  /** How many documents of `doctype` the user may read (a boot's progress total, never a correctness input); undefined when unknown. */
  count?(doctype: string): Promise<number | undefined>
  /**
   * Present when `realtime`: listen for the server's change hints on `doctypes`. Hints are only
   * hints (they can be lost or late): the replica still pulls. `connected` fires on every
   * (re)connect, after which a pull must follow because hints sent meanwhile are gone.
   */
  watch?(doctypes: readonly string[], listener: RealtimeListener): () => void
  close?(): Promise<void>
}

export interface RealtimeHint {
  readonly doctype: string
  /** Absent for a list-level hint. */
  readonly name?: string
}

export interface RealtimeListener {
  changed(hint: RealtimeHint): void
  connected(): void
  disconnected(): void
}

export interface RemoteCapabilities {
  /** Repeating a mutation id returns the first answer (Outpost protocol). */
  readonly idempotentPush: boolean
  /** A commit-ordered change log: pulls never miss a late commit. */
  readonly changeLog: boolean
  /** Deletions are reported (Frappe: only to users who may read Deleted Document). */
  readonly deletions: boolean
  /** The server translates temp names it already resolved, also inside one batch. */
  readonly tempNameResolution: boolean
  /** `pushBatch` is there: many mutations per request. */
  readonly batchPush: boolean
  /** Pages carry `renamed` and `reconcile`: with `changeLog` and `deletions`, no periodic reconciliation is needed. */
  readonly visibilityHints: boolean
  /** `watch` is there: the server pushes change hints (socket.io, as Frappe's realtime). */
  readonly realtime: boolean
  /**
   * Pages carry `metaVersion`: a replica notices a changed DocType while pulling, not only when
   * it re-reads meta (every few minutes and after each reconnect). Absent = false.
   */
  readonly metaVersions?: boolean
}

export type MutationKind = 'insert' | 'update' | 'delete' | 'submit' | 'cancel'

export interface OutgoingMutation {
  readonly id: string
  readonly kind: MutationKind
  readonly doctype: string
  /** The document's name on the server; a temp name for `insert`, or when `tempNameResolution`. */
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

/** Per mutation (`undefined`: not attempted), or the whole request failed. */
export type BatchPushOutcome = { readonly kind: 'results'; readonly results: readonly (PushOutcome | undefined)[] } | RemoteFailure

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
    /** Names deleted on the server (or no longer readable) since the cursor; applied after `docs`. */
    readonly deleted: readonly string[]
    /** Server renames since the cursor, in order; applied before `docs`. */
    readonly renamed?: readonly { readonly from: string; readonly to: string }[]
    /** The user's visibility of this doctype changed: reconcile its names. */
    readonly reconcile?: boolean
    readonly cursor: string | undefined
    readonly hasMore: boolean
    /** How many documents the whole pull will bring, when the server can tell. */
    readonly total: number | undefined
    /**
     * The DocType's meta version the server answered with (its DocType `modified`, as
     * `getdoctype` reports it): when it differs from the local data's, the replica re-reads the
     * meta and migrates before applying the page. Absent when the Remote cannot tell.
     */
    readonly metaVersion?: string
  }
  | RemoteFailure

export type RemoteFailure = Exclude<PushOutcome, { kind: 'accepted' } | { kind: 'conflict' }>

export type RemoteResult<T> = { readonly kind: 'ok'; readonly value: T } | RemoteFailure
