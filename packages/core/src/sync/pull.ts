import type { ReplicaContext } from '../context.ts'
import type { PullOutcome, PullRequest } from '../ports/remote.ts'
import { applyDeletion } from './apply-deletion.ts'
import { applyServerDoc, localTwins } from './apply-server-doc.ts'
import { isTempName } from '../ids.ts'
import { RECONCILE_DUE, removeUnreadable } from './reconcile.ts'
import { renameServerDoc } from './rename.ts'
import { queuedFor, queuedInsertIds, readAheadQueued } from '../outbox/outbox-store.ts'

export interface PullSummary {
  pulled: number
  deleted: number
  offline: boolean
  authRequired: boolean
  /** DocTypes the server refused this user any read of: their documents were removed here. */
  unreadable: string[]
}

type Page = Extract<PullOutcome, { kind: 'page' }>
type Renamed = { readonly from: string; readonly to: string }

/** Where a DocType's pull cursor is kept (a `state` record; null after a pull that brought nothing). */
export const cursorKey = (doctype: string): string => `cursor:${doctype}`

/**
 * One page in one store transaction, its cursor with it: renames first (the document, its links
 * and its queued mutations take the server's name), then documents, then deletions.
 */
async function applyPage(ctx: ReplicaContext, doctype: string, page: Page, inserts: ReadonlySet<string>): Promise<number> {
  let removed = 0
  const renamed: Renamed[] = []
  await ctx.store.write(async (tx) => {
    for (const r of page.renamed ?? []) {
      const local = await tx.getDoc(doctype, r.from)
      if (local && String(local['name']) === r.to) continue
      // deleted here and not pushed yet: the queued delete follows the document to its new name
      if (!local && (await queuedFor(tx, doctype, r.from)).length === 0) continue
      const from = local ? String(local['name']) : r.from
      await renameServerDoc(ctx, tx, doctype, from, r.to, local)
      renamed.push({ from, to: r.to })
    }
    // after the renames: a twin's name is then the one it has now
    const twins = await localTwins(tx, doctype, page.docs, inserts)
    await readAheadQueued(tx, doctype, page.docs.map((d) => String(d['name'])))
    for (const doc of page.docs) await applyServerDoc(ctx, tx, doctype, doc, { twins })
    for (const name of page.deleted) if (await applyDeletion(ctx, tx, doctype, name)) removed++
    // Kept with the cursor that moved past the hint: a reconciliation cut short is not forgotten.
    if (page.reconcile) await tx.putRecord('state', RECONCILE_DUE(doctype), true)
    await tx.putRecord('state', cursorKey(doctype), page.cursor ?? null)
  })
  for (const r of renamed) ctx.events.emit('rename', { doctype, ...r })
  for (const doc of page.docs) ctx.events.emit('change', { doctype, name: String(doc['name']), origin: 'remote', doc })
  for (const name of page.deleted) ctx.events.emit('change', { doctype, name, origin: 'remote', doc: undefined })
  return removed
}

export interface PullOptions {
  readonly pageSize?: number
  readonly onPage?: (doctype: string, pulled: number, total: number | undefined) => void
  /** A page reported the DocType's meta version: called (and awaited) before the page is applied. */
  readonly metaVersion?: (doctype: string, version: string) => Promise<void>
}

export interface PullResult {
  /** Every page came; false when the server could not be reached or asked for a login. */
  readonly complete: boolean
  /** The server refused any read of the DocType: its documents were removed, nothing is left to reconcile. */
  readonly unreadable?: boolean
  /** A page said (now or in a pull cut short) that the user's visibility changed: reconcile names. */
  readonly reconcile: boolean
}

/**
 * A boot (no cursor yet) into a store that already holds server documents of the DocType: the
 * answers to this replica's own pushes, written before its first pull, or a copy whose cursor
 * was reset. A snapshot lists what exists, not what went away, so a document deleted on the
 * server before the snapshot would stay here: the names are reconciled once the boot is done
 * (the mark is stored, so a boot cut short still does it). Temp names are local-only inserts.
 */
async function markReconcileIfHeld(ctx: ReplicaContext, doctype: string): Promise<void> {
  const held = await ctx.store.read(async (tx) => (await tx.listDocNames(doctype)).some((name) => !isTempName(name)))
  if (held) await ctx.store.write((tx) => tx.putRecord('state', RECONCILE_DUE(doctype), true))
}

/**
 * Pull one doctype from its stored cursor until the server has nothing newer. Each page is
 * written with its cursor, so an interrupted pull (a boot, say) goes on where it stopped.
 */
export async function pullDoctype(ctx: ReplicaContext, doctype: string, summary: PullSummary, options: PullOptions = {}): Promise<PullResult> {
  const cursor = (await ctx.store.read((tx) => tx.getRecord<string | null>('state', cursorKey(doctype)))) ?? undefined
  if (cursor === undefined) await markReconcileIfHeld(ctx, doctype)
  const limit = options.pageSize ?? 500
  // A lost insert's twin comes from a push made before this pull: the inserts queued now are
  // all the pages need to look for (listed once, and not at all with an empty outbox).
  const inserts = await ctx.store.read((tx) => queuedInsertIds(tx, doctype))
  let next = ctx.remote.pull({ doctype, cursor, limit })
  for (;;) {
    const outcome = await next
    if (outcome.kind !== 'page') {
      // the server's own 403 (adapters turn one that a lost session caused into `auth`), not an error line mid-answer
      if (outcome.kind === 'rejected' && outcome.error.excType === 'PermissionError' && outcome.error.httpStatus === 403) {
        await removeUnreadable(ctx, doctype, summary, [cursorKey(doctype)])
        return { complete: true, reconcile: false, unreadable: true }
      }
      if (outcome.kind === 'auth') summary.authRequired = true
      else summary.offline = true
      return { complete: false, reconcile: false }
    }
    if (outcome.metaVersion !== undefined) await options.metaVersion?.(doctype, outcome.metaVersion)
    // The next page is on its way while this one is written: the server and the store work at once.
    if (outcome.hasMore) next = prefetch(ctx, { doctype, cursor: outcome.cursor, limit })
    summary.deleted += await applyPage(ctx, doctype, outcome, inserts)
    summary.pulled += outcome.docs.length
    options.onPage?.(doctype, summary.pulled, outcome.total)
    if (!outcome.hasMore) break
  }
  return { complete: true, reconcile: (await ctx.store.read((tx) => tx.getRecord<boolean>('state', RECONCILE_DUE(doctype)))) === true }
}

/** A page asked for before the previous one is written; if that write fails, nobody awaits it. */
function prefetch(ctx: ReplicaContext, request: PullRequest): Promise<PullOutcome> {
  const pending = ctx.remote.pull(request)
  pending.catch(() => undefined)
  return pending
}
