import type { ReplicaContext } from '../context.ts'
import type { StatusTracker } from '../status-tracker.ts'
import { runSync, type SyncSummary } from './sync-run.ts'

const LAST_RECONCILE = 'last-reconcile'

export type SyncPhase = 'boot' | 'pull'

export interface SyncRunner {
  sync(phase: SyncPhase): Promise<SyncSummary>
  /** Resolves when no sync runs. */
  idle(): Promise<unknown>
}

/** One sync at a time: a second call while one runs gets the running one's result. */
export function syncRunner(ctx: ReplicaContext, options: { pageSize?: number; reconcileEveryMs?: number }, synced: readonly string[], status: StatusTracker): SyncRunner {
  let running: Promise<SyncSummary> | undefined
  // A change log that reports deletions and visibility changes misses nothing: no periodic listing.
  const { changeLog, deletions, visibilityHints } = ctx.remote.capabilities
  const every = options.reconcileEveryMs ?? (changeLog && deletions && visibilityHints ? undefined : 10 * 60_000)
  const dueForReconcile = async (): Promise<boolean> => {
    if (every === undefined) return false
    const last = await ctx.store.read((tx) => tx.getRecord<number>('state', LAST_RECONCILE))
    return last === undefined || ctx.env.now() - last >= every
  }
  const run = async (phase: SyncPhase): Promise<SyncSummary> => {
    const reconcile = phase === 'pull' && (await dueForReconcile())
    const summary = await runSync(ctx, { doctypes: synced, reconcile, pageSize: options.pageSize ?? 500 }, status, phase)
    if (reconcile && !summary.offline && !summary.authRequired) await ctx.store.write((tx) => tx.putRecord('state', LAST_RECONCILE, ctx.env.now()))
    return summary
  }
  return {
    sync(phase) {
      running ??= run(phase).finally(() => (running = undefined))
      return running
    },
    idle: () => running ?? Promise.resolve(),
  }
}
