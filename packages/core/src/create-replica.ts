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
import { SyncDriver } from './sync/sync-driver.ts'
import { syncRunner } from './sync/sync-runner.ts'
import { systemEnvironment } from './system-environment.ts'
import { checkMigrations } from './migrations/app-migrations.ts'
import { DEFAULT_META_CHECK_MS, watchMeta } from './migrations/meta-watch.ts'
import { prepareReplicaFormat } from './migrations/replica-format.ts'
import { openMigrations } from './migrations/replica-migrations.ts'

async function openContext(options: ReplicaOptions): Promise<{ ctx: ReplicaContext; synced: readonly string[]; fresh: boolean }> {
  const ctx: ReplicaContext = {
    store: options.store, remote: options.remote, env: options.env ?? systemEnvironment(), events: new Emitter<ReplicaEvents>(),
    hooks: options.hooks ?? {}, policies: options.policies ?? {}, user: options.user ?? 'Administrator', schema: new Schema(),
  }
  // a store written by a newer library is refused before anything reads it
  await prepareReplicaFormat(ctx.store)
  const { schema, synced, fresh } = await loadSchema(ctx.store, ctx.remote, options.doctypes, ctx.env.now())
  ctx.schema = schema
  await ctx.store.open(schema)
  return { ctx, synced, fresh }
}

/**
 * Open a replica: its schema from stored meta (or the server), the store opened for it.
 * Opening works offline once the meta has been loaded once.
 */
export async function createReplica(options: ReplicaOptions): Promise<Replica> {
  const appMigrations = checkMigrations(options.migrations)
  const { ctx, synced, fresh } = await openContext(options)
  const meta = watchMeta(ctx, synced, { everyMs: options.metaCheckEveryMs ?? DEFAULT_META_CHECK_MS, renames: options.renamedFields ?? {} })
  await meta.opened(fresh)
  const migrations = await openMigrations(ctx, appMigrations, meta, options.autoMigrate ?? true)
  const status = new StatusTracker(ctx)
  await status.refresh()
  const runner = syncRunner(ctx, options, synced, status)
  const driver = new SyncDriver(ctx, synced, runner, status, { ...(options.schedule ? { schedule: options.schedule } : {}), ...(options.tabs ? { tabs: options.tabs } : {}) })
  const after = async <T>(work: Promise<T>): Promise<T> => {
    const result = await work
    await status.refresh()
    return result
  }
  const queued = async <T>(work: Promise<T>): Promise<T> => {
    const result = await after(work)
    driver.queued()
    return result
  }
  const db = replicaDb(ctx)
  return {
    // Local writes change what is pending: the status follows at once.
    db: {
      ...db,
      createDoc: (doctype, doc) => queued(db.createDoc(doctype, doc)),
      updateDoc: (doctype, name, patch) => queued(db.updateDoc(doctype, name, patch)),
      deleteDoc: (doctype, name) => queued(db.deleteDoc(doctype, name)),
      submitDoc: (doctype, name) => queued(db.submitDoc(doctype, name)),
      cancelDoc: (doctype, name) => queued(db.cancelDoc(doctype, name)),
    },
    doctypes: synced,
    meta: (doctype) => ctx.schema.get(doctype),
    get status() {
      return status.current
    },
    async boot(bootOptions = {}) {
      const report = bootOptions.onProgress
      const off = report ? ctx.events.on('status', (s) => s.progress && report({ done: s.progress.done, total: s.progress.total })) : undefined
      return driver.sync('boot').finally(() => off?.())
    },
    sync: () => driver.sync('pull'),
    start: () => driver.start(),
    stop: () => driver.stop(),
    searchLink: (doctype, txt, o) => searchLink(ctx, doctype, txt, o),
    errors: {
      list: () => ctx.store.read((tx) => listErrors(tx)),
      retry: (id) => queued(retryError(ctx, id)),
      discard: (id) => after(discardError(ctx, id)),
    },
    conflicts: {
      list: () => ctx.store.read((tx) => listConflicts(tx)),
      // Picking local values is a new local change: it syncs soon, as any save does.
      resolve: (id, choice) => queued(resolveConflictEntry(ctx, id, choice)),
    },
    migrations: { ...migrations, checkMeta: () => after(migrations.checkMeta()) },
    on: (event, handler) => ctx.events.on(event, handler),
    async close() {
      await driver.stop()
      await ctx.store.close()
      await ctx.remote.close?.()
    },
    async logout() {
      await driver.stop()
      await ctx.store.destroy()
      await ctx.remote.close?.()
    },
  }
}
