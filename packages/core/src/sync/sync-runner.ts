import type { ReplicaContext } from '../context.ts'
import type { StatusTracker } from '../status-tracker.ts'
import { runSync, type SyncSummary } from './sync-run.ts'

const LAST_RECONCILE = 'last-reconcile'

export type SyncPhase = 'boot' | 'pull'

/**
 * Who wants the sync: someone asked (`replica.sync()`: "Sync now", another tab, the network
 * coming back) or the scheduler (`auto`). An asked sync also retries the mutations waiting out
 * a backoff after a 5xx, 408 or 429, though not before a `Retry-After` the server gave; refused
 * ones stay held until the user retries them.
 */
export type SyncCaller = 'asked' | 'auto'

export interface SyncRunner {
  sync(phase: SyncPhase, caller?: SyncCaller): Promise<SyncSummary>
  /** Resolves when no sync runs. */
  idle(): Promise<unknown>
}

/**
 * One sync at a time. A call while one runs gets the running one's result, except an asked
 * sync while an automatic one runs: that one may have started before the network came back
 * (and fail for it), so the caller gets a sync that starts after it (callers meanwhile share it).
 */
export function syncRunner(ctx: ReplicaContext, options: { pageSize?: number; reconcileEveryMs?: number }, synced: readonly string[], status: StatusTracker): SyncRunner {
  let running: { readonly done: Promise<SyncSummary>; readonly caller: SyncCaller } | undefined
  let next: Promise<SyncSummary> | undefined
  // A change log that reports deletions and visibility changes misses nothing: no periodic listing.
  const { changeLog, deletions, visibilityHints } = ctx.remote.capabilities
  const every = options.reconcileEveryMs ?? (changeLog && deletions && visibilityHints ? undefined : 10 * 60_000)
  const dueForReconcile = async (): Promise<boolean> => {
    if (every === undefined) return false
    const last = await ctx.store.read((tx) => tx.getRecord<number>('state', LAST_RECONCILE))
    return last === undefined || ctx.env.now() - last >= every
  }
  const run = async (phase: SyncPhase, caller: SyncCaller): Promise<SyncSummary> => {
    const reconcile = phase === 'pull' && (await dueForReconcile())
    const summary = await runSync(ctx, { doctypes: synced, reconcile, pageSize: options.pageSize ?? 500, retryBackoff: caller === 'asked' }, status, phase)
    if (reconcile && !summary.offline && !summary.authRequired) await ctx.store.write((tx) => tx.putRecord('state', LAST_RECONCILE, ctx.env.now()))
    return summary
  }
  const sync = (phase: SyncPhase, caller: SyncCaller = 'asked'): Promise<SyncSummary> => {
    if (!running) {
      const done = run(phase, caller).finally(() => (running = undefined))
      running = { done, caller }
      return done
    }
    if (caller === 'auto' || running.caller === 'asked') return running.done
    next ??= running.done.catch(() => undefined).then(() => {
      next = undefined
      return sync(phase, caller)
    })
    return next
  }
  return {
    sync,
    idle: async () => {
      while (running || next) await (next ?? running?.done)?.catch(() => undefined)
    },
  }
}
