import { Schema, type Doc } from '@outpost/meta'
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
import { OutpostError } from './errors.ts'
import { getBase } from './local/base.ts'
import { countOutbox, queuedFor } from './outbox/outbox-store.ts'
import type { Environment } from './ports/environment.ts'
import type { Remote } from './ports/remote.ts'
import { shardedRemote, type ShardedRemote } from './shards/sharded-remote.ts'

/** The one server, or the shards joined as one: exactly one of the two. */
function remoteOf(options: ReplicaOptions, env: Environment): { remote: Remote; sharded?: ShardedRemote } {
  if (options.shards && options.remote) throw new OutpostError('INVALID_ARGUMENT', 'createReplica takes `remote` or `shards`, not both')
  if (options.remote) return { remote: options.remote }
  if (!options.shards) throw new OutpostError('INVALID_ARGUMENT', 'createReplica needs `remote` or `shards`')
  const store = options.store
  // Routing an update or delete reads the server version the change was made on, else the local copy.
  const locate = (doctype: string, name: string): Promise<Doc | undefined> => store.read(async (tx) => (await getBase(tx, doctype, name)) ?? tx.getDoc(doctype, name))
  const docs = (doctype: string): Promise<Doc[]> => store.read((tx) => tx.queryDocs(doctype, {}))
  const insertQueued = (doctype: string, outpostId: string): Promise<boolean> => store.read(async (tx) => {
    const [local] = await tx.queryDocs(doctype, { filters: [{ doctype: undefined, field: 'outpost_id', op: '=', value: outpostId }], limit: 1 })
    return local !== undefined && (await queuedFor(tx, doctype, String(local['name']))).some((m) => m.kind === 'insert')
  })
  const sharded = shardedRemote(options.shards, { locate, docs, insertQueued }, () => env.now())
  return { remote: sharded, sharded }
}

async function openContext(options: ReplicaOptions): Promise<{ ctx: ReplicaContext; synced: readonly string[]; fresh: boolean; sharded: ShardedRemote | undefined }> {
  const env = options.env ?? systemEnvironment()
  const { remote, sharded } = remoteOf(options, env)
  const ctx: ReplicaContext = {
    store: options.store, remote, env, events: new Emitter<ReplicaEvents>(),
    hooks: options.hooks ?? {}, policies: options.policies ?? {}, user: options.user ?? 'Administrator', schema: new Schema(),
    ...(sharded ? { shards: sharded.router } : {}),
  }
  // a store written by a newer library is refused before anything reads it
  await prepareReplicaFormat(ctx.store)
  const { schema, synced, fresh } = await loadSchema(ctx.store, ctx.remote, options.doctypes, ctx.env.now())
  ctx.schema = schema
  await ctx.store.open(schema)
  return { ctx, synced, fresh, sharded }
}

/**
 * Open a replica: its schema from stored meta (or the server), the store opened for it.
 * Opening works offline once the meta has been loaded once.
 */
export async function createReplica(options: ReplicaOptions): Promise<Replica> {
  const appMigrations = checkMigrations(options.migrations)
  const { ctx, synced, fresh, sharded } = await openContext(options)
  const meta = watchMeta(ctx, synced, { everyMs: options.metaCheckEveryMs ?? DEFAULT_META_CHECK_MS, renames: options.renamedFields ?? {} })
  await meta.opened(fresh)
  const migrations = await openMigrations(ctx, appMigrations, meta, options.autoMigrate ?? true)
  const status = new StatusTracker(ctx)
  if (sharded) sharded.health.listen((shards) => status.set({ shards }))
  await status.refresh(sharded ? { shards: sharded.health.current } : {})
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
  // Local writes change what is pending: the status follows at once, from the count the write
  // worked out when it could, so a save costs no second read.
  const db = replicaDb(ctx, async (pending) => {
    if (pending === undefined) await status.refresh()
    else status.set({ pending })
    driver.queued()
  })
  return {
    db,
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
    async logout(options = {}) {
      const pending = await ctx.store.read((tx) => countOutbox(tx))
      if (pending > 0 && options.discardPending !== true) {
        throw new OutpostError('PENDING_CHANGES', `${pending} change${pending === 1 ? '' : 's'} made here ${pending === 1 ? 'has' : 'have'} not reached the server: sync first, or log out with discardPending to drop ${pending === 1 ? 'it' : 'them'}`)
      }
      await driver.stop()
      await ctx.store.destroy()
      await ctx.remote.close?.()
    },
  }
}
