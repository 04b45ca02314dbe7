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

/**
 * Open a replica: its schema from stored meta (or the server), the store opened for it.
 * Opening works offline once the meta has been loaded once.
 */
export async function createReplica(options: ReplicaOptions): Promise<Replica> {
  const ctx: ReplicaContext = {
    store: options.store, remote: options.remote, env: options.env ?? systemEnvironment(), events: new Emitter<ReplicaEvents>(),
    hooks: options.hooks ?? {}, policies: options.policies ?? {}, user: options.user ?? 'Administrator', schema: new Schema(),
  }
  const { schema, synced } = await loadSchema(ctx.store, ctx.remote, options.doctypes)
  ctx.schema = schema
  await ctx.store.open(schema)
  const status = new StatusTracker(ctx)
  await status.refresh()
  let running: Promise<SyncSummary> | undefined

  const once = (fn: () => Promise<SyncSummary>): Promise<SyncSummary> => {
    running ??= fn().finally(() => (running = undefined))
    return running
  }
  const shouldReconcile = async (): Promise<boolean> => {
    const last = await ctx.store.read((tx) => tx.getRecord<number>('state', LAST_RECONCILE))
    return last === undefined || ctx.env.now() - last >= (options.reconcileEveryMs ?? 10 * 60_000)
  }
  const sync = (phase: 'boot' | 'pull', reconcile: boolean): Promise<SyncSummary> => once(async () => {
    const summary = await runSync(ctx, { doctypes: synced, reconcile, pageSize: options.pageSize ?? 500 }, status, phase)
    if (reconcile && !summary.offline && !summary.authRequired) await ctx.store.write((tx) => tx.putRecord('state', LAST_RECONCILE, ctx.env.now()))
    return summary
  })

  return {
    db: replicaDb(ctx),
    doctypes: synced,
    get status() {
      return status.current
    },
    async boot(bootOptions = {}) {
      const off = bootOptions.onProgress ? ctx.events.on('status', (s) => s.progress && bootOptions.onProgress?.({ done: s.progress.done, total: s.progress.total })) : undefined
      try {
        return await sync('boot', false)
      } finally {
        off?.()
      }
    },
    sync: async () => sync('pull', await shouldReconcile()),
    searchLink: (doctype, txt, o) => searchLink(ctx, doctype, txt, o),
    errors: {
      list: () => ctx.store.read((tx) => listErrors(tx)),
      retry: async (id) => { await retryError(ctx, id); await status.refresh() },
      discard: async (id) => { await discardError(ctx, id); await status.refresh() },
    },
    conflicts: {
      list: () => ctx.store.read((tx) => listConflicts(tx)),
      resolve: async (id, choice) => { await resolveConflictEntry(ctx, id, choice); await status.refresh() },
    },
    on: (event, handler) => ctx.events.on(event, handler),
    async close() {
      await running
      await ctx.store.close()
      await ctx.remote.close?.()
    },
    async logout() {
      await running
      await ctx.store.destroy()
      await ctx.remote.close?.()
    },
  }
}
