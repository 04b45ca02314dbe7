import { Schema } from '@outpost/meta'
import type { ReplicaContext } from './context.ts'
import { Emitter } from './events.ts'
import { listConflicts } from './logs/conflict-log.ts'
import { listErrors } from './logs/error-log.ts'
import { discardError, resolveConflictEntry, retryError } from './logs/log-actions.ts'
import { searchLink } from './query/search-link.ts'
import type { ReplicaEvents } from './replica-events.ts'
import { replicaDb, type Replica, type ReplicaOptions } from './replica.ts'
import { StatusTracker } from './status-tracker.ts'
import { loadSchema } from './sync/meta-loader.ts'
import { runSync, type SyncSummary } from './sync/sync-run.ts'
import { systemEnvironment } from './system-environment.ts'

const LAST_RECONCILE = 'last-reconcile'

type Phase = 'boot' | 'pull'

/** One sync at a time: a second call while one runs gets the running one's result. */
function syncRunner(ctx: ReplicaContext, options: ReplicaOptions, synced: readonly string[], status: StatusTracker) {
  let running: Promise<SyncSummary> | undefined
  // A change log that reports deletions and visibility changes misses nothing: no periodic listing.
  const { changeLog, deletions, visibilityHints } = ctx.remote.capabilities
  const every = options.reconcileEveryMs ?? (changeLog && deletions && visibilityHints ? undefined : 10 * 60_000)
  const dueForReconcile = async (): Promise<boolean> => {
    if (every === undefined) return false
    const last = await ctx.store.read((tx) => tx.getRecord<number>('state', LAST_RECONCILE))
    return last === undefined || ctx.env.now() - last >= every
  }
  const run = async (phase: Phase): Promise<SyncSummary> => {
    const reconcile = phase === 'pull' && (await dueForReconcile())
    const summary = await runSync(ctx, { doctypes: synced, reconcile, pageSize: options.pageSize ?? 500 }, status, phase)
    if (reconcile && !summary.offline && !summary.authRequired) await ctx.store.write((tx) => tx.putRecord('state', LAST_RECONCILE, ctx.env.now()))
    return summary
  }
  return {
    sync(phase: Phase): Promise<SyncSummary> {
      running ??= run(phase).finally(() => (running = undefined))
      return running
    },
    idle: (): Promise<unknown> => running ?? Promise.resolve(),
  }
}

async function openContext(options: ReplicaOptions): Promise<{ ctx: ReplicaContext; synced: readonly string[] }> {
  const ctx: ReplicaContext = {
    store: options.store, remote: options.remote, env: options.env ?? systemEnvironment(), events: new Emitter<ReplicaEvents>(),
    hooks: options.hooks ?? {}, policies: options.policies ?? {}, user: options.user ?? 'Administrator', schema: new Schema(),
  }
  const { schema, synced } = await loadSchema(ctx.store, ctx.remote, options.doctypes)
  ctx.schema = schema
  await ctx.store.open(schema)
  return { ctx, synced }
}

/**
 * Open a replica: its schema from stored meta (or the server), the store opened for it.
 * Opening works offline once the meta has been loaded once.
 */
export async function createReplica(options: ReplicaOptions): Promise<Replica> {
  const { ctx, synced } = await openContext(options)
  const status = new StatusTracker(ctx)
  await status.refresh()
  const runner = syncRunner(ctx, options, synced, status)
  const after = async <T>(work: Promise<T>): Promise<T> => {
    const result = await work
    await status.refresh()
    return result
  }
  const db = replicaDb(ctx)
  return {
    // Local writes change what is pending: the status follows at once.
    db: {
      ...db,
      createDoc: (doctype, doc) => after(db.createDoc(doctype, doc)),
      updateDoc: (doctype, name, patch) => after(db.updateDoc(doctype, name, patch)),
      deleteDoc: (doctype, name) => after(db.deleteDoc(doctype, name)),
      submitDoc: (doctype, name) => after(db.submitDoc(doctype, name)),
      cancelDoc: (doctype, name) => after(db.cancelDoc(doctype, name)),
    },
    doctypes: synced,
    get status() {
      return status.current
    },
    async boot(bootOptions = {}) {
      const report = bootOptions.onProgress
      const off = report ? ctx.events.on('status', (s) => s.progress && report({ done: s.progress.done, total: s.progress.total })) : undefined
      return runner.sync('boot').finally(() => off?.())
    },
    sync: () => runner.sync('pull'),
    searchLink: (doctype, txt, o) => searchLink(ctx, doctype, txt, o),
    errors: {
      list: () => ctx.store.read((tx) => listErrors(tx)),
      retry: (id) => after(retryError(ctx, id)),
      discard: (id) => after(discardError(ctx, id)),
    },
    conflicts: {
      list: () => ctx.store.read((tx) => listConflicts(tx)),
      resolve: (id, choice) => after(resolveConflictEntry(ctx, id, choice)),
    },
    on: (event, handler) => ctx.events.on(event, handler),
    async close() {
      await runner.idle()
      await ctx.store.close()
      await ctx.remote.close?.()
    },
    async logout() {
      await runner.idle()
      await ctx.store.destroy()
      await ctx.remote.close?.()
    },
  }
}
