import type { Doc, DocType } from '@outpost/meta'
import type { ClientHook, ReplicaContext } from './context.ts'
import type { ConflictPolicy } from './conflicts/policy.ts'
import { cancelLocal, createLocal, deleteLocal, submitLocal, updateLocal, type OnCommitted } from './local/local-writes.ts'
import type { Environment } from './ports/environment.ts'
import type { LocalStore } from './ports/local-store.ts'
import type { Remote } from './ports/remote.ts'
import { getCount, getDocList, type GetDocListArgs } from './query/doc-list.ts'
import type { ReplicaEvents } from './replica-events.ts'
import type { SyncConflictEntry } from './logs/conflict-log.ts'
import type { SyncErrorEntry } from './logs/error-log.ts'
import type { ConflictChoice } from './logs/log-actions.ts'
import type { SearchLinkResult } from './query/search-link.ts'
import type { SyncSummary } from './sync/sync-run.ts'
import type { ReplicaStatus } from './status.ts'
import { OutpostError } from './errors.ts'
import type { ScheduleOptions } from './sync/scheduler.ts'
import type { TabsOptions } from './tabs/tab-host.ts'
import type { AppMigration } from './migrations/app-migrations.ts'
import type { RenamedFields } from './migrations/field-changes.ts'
import type { ReplicaMigrations } from './migrations/replica-migrations.ts'
import type { ShardsOptions } from './shards/shard-types.ts'

/** One server, or several as shards: exactly one of `remote` and `shards`. */
export type ReplicaOptions = ReplicaBaseOptions & (
  | { readonly remote: Remote; readonly shards?: undefined }
  | {
    /** Several servers: pulls merge them all, a push goes where `route` sends the document. */
    readonly shards: ShardsOptions
    readonly remote?: undefined
  }
)

export interface ReplicaBaseOptions {
  readonly store: LocalStore
  /** DocTypes to replicate; their child tables and the masters they link to follow. */
  readonly doctypes: readonly string[]
  /** The user the replica works for (owner of documents created offline). */
  readonly user?: string
  readonly env?: Environment
  readonly hooks?: Readonly<Record<string, ClientHook>>
  readonly policies?: Readonly<Record<string, ConflictPolicy>>
  /** Rows per pull request (default 500). */
  readonly pageSize?: number
  /**
   * How often a sync also lists every server name to catch deletions (default 10 minutes; never
   * when the Remote's change log reports deletions and visibility changes itself).
   */
  readonly reconcileEveryMs?: number
  /** When syncing by itself (`start()`): how soon after saves and hints, how often otherwise. */
  readonly schedule?: Partial<ScheduleOptions>
  /** Several replicas (browser tabs) on one local database: one leads syncing, the others follow. */
  readonly tabs?: TabsOptions
  /** App-defined migrations of the local data: run once each, in order, all or none, when the replica opens. */
  readonly migrations?: readonly AppMigration[]
  /** Run pending app migrations when the replica opens (default); false: only on `replica.migrations.run()`. */
  readonly autoMigrate?: boolean
  /** Fields renamed on the server (`{ Customer: { old_name: 'new_name' } }`): their local values move rather than being dropped. */
  readonly renamedFields?: RenamedFields
  /** A sync first re-reads the server's meta when the last check is this old (default 10 minutes), and after every reconnect. */
  readonly metaCheckEveryMs?: number
}

/** frappe-js-sdk's FrappeDB surface, answered from local data. */
export interface ReplicaDb {
  getDoc(doctype: string, name: string): Promise<Doc>
  getDocList(doctype: string, args?: GetDocListArgs): Promise<Doc[]>
  /** `orFilters`: as `getDocList` takes them; a document counts when it matches any of them. */
  getCount(doctype: string, filters?: unknown, options?: { readonly orFilters?: unknown }): Promise<number>
  createDoc(doctype: string, doc: Doc): Promise<Doc>
  updateDoc(doctype: string, name: string, patch: Doc): Promise<Doc>
  deleteDoc(doctype: string, name: string): Promise<{ message: string }>
  submitDoc(doctype: string, name: string): Promise<Doc>
  cancelDoc(doctype: string, name: string): Promise<Doc>
}

export interface Replica {
  readonly db: ReplicaDb
  readonly status: ReplicaStatus
  /** The DocTypes this replica pulls. */
  readonly doctypes: readonly string[]
  /** A DocType's meta as the replica stored it (configured, child tables, Link targets): forms work offline. */
  meta(doctype: string): DocType | undefined
  boot(options?: { onProgress?: (p: { done: number; total: number | undefined }) => void }): Promise<SyncSummary>
  /** Push then pull now (in a following tab: the leader does it, and this resolves with its result). */
  sync(): Promise<SyncSummary>
  /**
   * Sync by itself from now on: soon after local saves, on the server's realtime hints, after each
   * reconnect, every `schedule.everyMs`, and with backoff while offline. With `tabs`, only the
   * leading tab does; the others follow and take over when it leaves or goes silent.
   */
  start(): Promise<void>
  /** Back to syncing only when asked (waits for a running sync). */
  stop(): Promise<void>
  searchLink(doctype: string, txt: string, options?: { filters?: unknown; pageLength?: number }): Promise<SearchLinkResult[]>
  readonly errors: { list(): Promise<SyncErrorEntry[]>; retry(id: string): Promise<void>; discard(id: string): Promise<void> }
  readonly conflicts: { list(): Promise<SyncConflictEntry[]>; resolve(id: string, choice: ConflictChoice): Promise<void> }
  /** Meta versions, meta migrations and app migrations of the local data: status, dry run, run. */
  readonly migrations: ReplicaMigrations
  on<K extends keyof ReplicaEvents>(event: K, handler: (payload: ReplicaEvents[K]) => void): () => void
  close(): Promise<void>
  /**
   * Wipe the local database (one per site and user), then close. Refused with PENDING_CHANGES
   * while changes made here have not reached the server (sync first), unless `discardPending`
   * says to drop them.
   */
  logout(options?: { readonly discardPending?: boolean }): Promise<void>
}

/**
 * The replica's data API. `afterLocalWrite` runs once a local save has committed, with the
 * outbox size the save worked out (undefined: recount), before the save's promise settles.
 */
export function replicaDb(ctx: ReplicaContext, afterLocalWrite: (pending: number | undefined) => Promise<void> = async () => undefined): ReplicaDb {
  const saved = async <T>(save: (committed: OnCommitted) => Promise<T>): Promise<T> => {
    let pending: number | undefined
    const result = await save((n) => {
      pending = n
    })
    await afterLocalWrite(pending)
    return result
  }
  return {
    async getDoc(doctype, name) {
      const doc = await ctx.store.read((tx) => tx.getDoc(doctype, name))
      if (!doc) throw new OutpostError('NOT_FOUND', `${doctype} ${name} not found`)
      return doc
    },
    getDocList: (doctype, args) => getDocList(ctx, doctype, args),
    getCount: (doctype, filters, options) => getCount(ctx, doctype, filters, options),
    createDoc: (doctype, doc) => saved((c) => createLocal(ctx, doctype, doc, c)),
    updateDoc: (doctype, name, patch) => saved((c) => updateLocal(ctx, doctype, name, patch, c)),
    deleteDoc: async (doctype, name) => {
      await saved((c) => deleteLocal(ctx, doctype, name, c))
      return { message: 'ok' }
    },
    submitDoc: (doctype, name) => saved((c) => submitLocal(ctx, doctype, name, c)),
    cancelDoc: (doctype, name) => saved((c) => cancelLocal(ctx, doctype, name, c)),
  }
}
