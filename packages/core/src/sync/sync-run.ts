import type { ReplicaContext } from '../context.ts'
import { metaWatchOf } from '../migrations/meta-watch.ts'
import { OutpostError } from '../errors.ts'
import type { SyncFailure } from '../status.ts'
import type { StatusTracker } from '../status-tracker.ts'
import { pushAll } from './push.ts'
import { cursorKey, pullDoctype, type PullSummary } from './pull.ts'
import { reconcileNames } from './reconcile.ts'

/** Kept in the store, so a reopened replica still knows when it last reached the server. */
export const LAST_SYNC = 'last-sync'

export interface SyncSummary {
  readonly pushed: number
  readonly rejected: number
  readonly conflicts: number
  readonly pulled: number
  readonly deleted: number
  /** The server could not be reached; everything waits for the next sync. */
  readonly offline: boolean
  /** The server asked for a login; sync is paused, nothing was dropped. */
  readonly authRequired: boolean
  /**
   * DocTypes the server refused this user any read of (PermissionError): their documents were
   * removed here (queued inserts kept, other local changes logged as conflicts), and the
   * other DocTypes synced on.
   */
  readonly unreadable: readonly string[]
}

export interface SyncPlan {
  readonly doctypes: readonly string[]
  /** Also list every name on the server to find deletions and lost permissions (pages may ask too). */
  readonly reconcile: boolean
  readonly pageSize: number
  /** Asked for by someone: mutations waiting out a backoff (after a 5xx or 429) are sent now too. */
  readonly retryBackoff?: boolean
}

/**
 * A boot's progress total, asked for up front: the DocTypes not pulled yet (no cursor), counted
 * at once. Each page then brings its own DocType's total; without these the total would grow
 * as each DocType's first page came, and the bar would reach its end and go back.
 */
async function countsAhead(ctx: ReplicaContext, plan: SyncPlan, phase: 'boot' | 'pull'): Promise<Map<string, number>> {
  const totals = new Map<string, number>()
  const count = ctx.remote.count?.bind(ctx.remote)
  if (phase !== 'boot' || !count) return totals
  const fresh = await ctx.store.read(async (tx) => {
    const cursors = await Promise.all(plan.doctypes.map((d) => tx.getRecord('state', cursorKey(d))))
    return plan.doctypes.filter((_, i) => cursors[i] === undefined)
  })
  // a count that fails leaves the total to the pages, as before
  const counted = await Promise.all(fresh.map(async (d) => [d, await Promise.resolve().then(() => count(d)).catch(() => undefined)] as const))
  for (const [doctype, n] of counted) if (n !== undefined) totals.set(doctype, n)
  return totals
}

/**
 * The pull's progress: pages count what is done, and the total is the DocTypes' totals known so
 * far. The counts ahead are only waited for by the bar, never by the pull: a count that is slow
 * or never answers holds no page back, and the total takes it in when it comes.
 */
class PullProgress {
  readonly #totals = new Map<string, number>()
  #done: number | undefined
  #open = true

  constructor(private readonly status: StatusTracker, private readonly phase: 'boot' | 'pull') {}

  /** The counts ahead came: a page's own total, already known for its DocType, stays. */
  counted(counts: ReadonlyMap<string, number>): void {
    for (const [doctype, n] of counts) if (!this.#totals.has(doctype)) this.#totals.set(doctype, n)
    if (this.#done !== undefined) this.#publish()
  }

  page(doctype: string, done: number, total: number | undefined): void {
    if (total !== undefined) this.#totals.set(doctype, total)
    this.#done = done
    this.#publish()
  }

  /** The pull ended: a count still on its way changes nothing. */
  close(): void {
    this.#open = false
  }

  #publish(): void {
    if (!this.#open || this.#done === undefined) return
    const known = [...this.#totals.values()].reduce((a, b) => a + b, 0)
    this.status.set({ progress: { phase: this.phase, done: this.#done, total: known > 0 ? Math.max(known, this.#done) : undefined } })
  }
}

async function pullAll(ctx: ReplicaContext, plan: SyncPlan, status: StatusTracker, phase: 'boot' | 'pull'): Promise<PullSummary> {
  const progress = new PullProgress(status, phase)
  // a store that fails here fails the pull's own reads too, where it is reported
  void countsAhead(ctx, plan, phase).then((counts) => progress.counted(counts), () => undefined)
  try {
    return await pullEach(ctx, plan, progress)
  } finally {
    progress.close()
  }
}

async function pullEach(ctx: ReplicaContext, plan: SyncPlan, progress: PullProgress): Promise<PullSummary> {
  const summary: PullSummary = { pulled: 0, deleted: 0, offline: false, authRequired: false, unreadable: [] }
  const watch = metaWatchOf(ctx)
  for (const doctype of plan.doctypes) {
    const pulled = await pullDoctype(ctx, doctype, summary, {
      pageSize: plan.pageSize,
      ...(watch ? { metaVersion: (d: string, v: string) => watch.pageVersion(d, v) } : {}),
      onPage: (_d, done, total) => progress.page(doctype, done, total),
    })
    if (!pulled.complete) return summary
    if (pulled.unreadable) continue
    if ((plan.reconcile || pulled.reconcile) && !(await reconcileNames(ctx, doctype, summary))) return summary
  }
  return summary
}

/** What a sync failed with, as a status (and a tab's message) carries it. */
export function syncFailureOf(e: unknown): SyncFailure {
  if (e instanceof OutpostError) return { code: e.code, message: e.message, retryable: e.retryable }
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e), retryable: true }
}

/**
 * Push then pull, as DESIGN's sync: never throws for being offline, it says so. What it throws
 * for (the local store full or closed, a bug) is also put in the status, its progress cleared:
 * automatic sync only logs and retries, so the status is where a user sees it.
 */
export async function runSync(ctx: ReplicaContext, plan: SyncPlan, status: StatusTracker, phase: 'boot' | 'pull' = 'pull'): Promise<SyncSummary> {
  try {
    return await syncOnce(ctx, plan, status, phase)
  } catch (e) {
    // no store read: the store may be what failed
    status.set({ progress: undefined, syncFailure: syncFailureOf(e) })
    throw e
  }
}

async function syncOnce(ctx: ReplicaContext, plan: SyncPlan, status: StatusTracker, phase: 'boot' | 'pull'): Promise<SyncSummary> {
  // the server's meta first (when due): queued changes go out in the shape it now expects
  const watch = metaWatchOf(ctx)
  const meta = watch ? await watch.beforeSync() : 'ok'
  const pushed = meta === 'ok'
    ? await pushAll(ctx, (done) => status.set({ progress: { phase: 'push', done, total: undefined } }), { retryBackoff: plan.retryBackoff ?? false })
    : { pushed: 0, rejected: 0, conflicts: 0, offline: meta === 'offline', authRequired: meta === 'auth' }
  const stopped = pushed.offline || pushed.authRequired
  const pulled: PullSummary = stopped ? { pulled: 0, deleted: 0, offline: false, authRequired: false, unreadable: [] } : await pullAll(ctx, plan, status, phase)
  const offline = pushed.offline || pulled.offline
  const authRequired = pushed.authRequired || pulled.authRequired
  const reached = !offline && !authRequired
  watch?.afterSync(reached)
  const lastSync = reached ? ctx.env.now() : undefined
  if (lastSync !== undefined) await ctx.store.write((tx) => tx.putRecord('state', LAST_SYNC, lastSync))
  await status.refresh({ online: reached, authRequired, progress: undefined, syncFailure: undefined, ...(lastSync !== undefined ? { lastSync } : {}) })
  return {
    pushed: pushed.pushed, rejected: pushed.rejected, conflicts: pushed.conflicts,
    pulled: pulled.pulled, deleted: pulled.deleted, offline, authRequired, unreadable: pulled.unreadable,
  }
}
