import type { Doc, DocType } from '@outpost/meta'
import type { RequestContext, Site } from '../context.ts'
import type { SqlTx } from '../db/sql-db.ts'
import type { ChangeOp } from '../sync/change-log.ts'

/**
 * One committed document change, as the realtime server hears of it (Frappe's
 * `notify_update` after a save, submit, cancel or delete; `doc_rename` after a rename).
 */
export interface DocEvent {
  readonly kind: ChangeOp
  readonly doctype: DocType
  /** The document's name after the change (a rename: the new name). */
  readonly name: string
  readonly modified: string
  /** Who made the change: Frappe's `frappe.session.user` in `list_update`. */
  readonly user: string
  /** The document before and after: a subscriber hears of the change if it may read either. */
  readonly before: Doc | undefined
  readonly after: Doc | undefined
  /** A rename: the name it had. */
  readonly oldName?: string | undefined
}

/** Receives every commit's events, in commit order, once the commit is done. */
export type CommitListener = (events: readonly DocEvent[]) => void

const listeners = new WeakMap<Site, Set<CommitListener>>()
/** Events of one transaction that committed, gathered while its after-commit callbacks run. */
const batches = new WeakMap<SqlTx, DocEvent[]>()

/** Listen to `site`'s committed changes; the answer stops listening. */
export function onCommittedChanges(site: Site, listener: CommitListener): () => void {
  let set = listeners.get(site)
  if (!set) {
    set = new Set()
    listeners.set(site, set)
  }
  set.add(listener)
  return () => {
    set.delete(listener)
  }
}

/** Hand one commit's events to `site`'s listeners (another server process's commit arrives so too). */
export function deliverCommitted(site: Site, events: readonly DocEvent[]): void {
  for (const listener of listeners.get(site) ?? []) {
    try {
      listener(events)
    } catch (e) {
      console.error('realtime listener failed', e)
    }
  }
}

/**
 * Announce a change once its transaction commits: nothing is heard of a transaction (or a
 * savepoint) that rolls back, since its after-commit callbacks go with it. The events of one
 * commit reach listeners together, after all of the commit's callbacks ran.
 */
export function publishAfterCommit(ctx: RequestContext, event: DocEvent): void {
  const { site, tx } = ctx
  if (!listeners.get(site)?.size) return
  tx.afterCommit(() => {
    let batch = batches.get(tx)
    if (!batch) {
      const fresh: DocEvent[] = []
      batches.set(tx, fresh)
      batch = fresh
      queueMicrotask(() => {
        batches.delete(tx)
        deliverCommitted(site, fresh)
      })
    }
    batch.push(event)
  })
}

/** The event of `kind` on a document, from its state before and after the change. */
export function notifyAfterCommit(ctx: RequestContext, kind: ChangeOp, doctype: DocType, before: Doc | undefined, after: Doc | undefined, oldName?: string): void {
  const doc = after ?? before
  if (!doc) return
  publishAfterCommit(ctx, {
    kind, doctype, name: String(doc['name']), modified: String(doc['modified'] ?? ''), user: ctx.user.name, before, after, oldName,
  })
}
