import { createReplica, OutpostError, type ClientHook, type ConflictPolicy, type Replica, type ScheduleOptions, type TabsOptions } from '@outpost/core'
import { outpostRemote } from '@outpost/remote-outpost'
import { indexedDbStore, requestPersistentStorage } from '@outpost/store-indexeddb'
import { broadcastTabChannel } from './broadcast-tab-channel.ts'
import { defaultLockManager, webLocksLeader } from './web-locks-leader.ts'

export interface BrowserReplicaOptions {
  /** Site root; defaults to the page's own origin, where the user's login cookie is sent. */
  readonly url?: string
  /** API token `key:secret` instead of the login cookie. */
  readonly token?: string
  /** The logged-in user: one local database per site and user. */
  readonly user: string
  readonly doctypes: readonly string[]
  readonly hooks?: Readonly<Record<string, ClientHook>>
  readonly policies?: Readonly<Record<string, ConflictPolicy>>
  readonly schedule?: Partial<ScheduleOptions>
  /** Share the database with this site's other tabs, one of them syncing (default: where the browser can). */
  readonly tabs?: boolean
  /** Sync by itself from the start (default true). */
  readonly autoStart?: boolean
  /**
   * Encrypt the data at rest with a key derived from this passphrase (WebCrypto AES-GCM; see
   * STORAGE_ENCRYPTION in @outpost/store-indexeddb for what stays readable). A wrong one fails
   * with STORE_LOCKED; an existing unencrypted database given one fails with INVALID_ARGUMENT.
   */
  readonly passphrase?: string
  /**
   * Per DocType, the field its lists are mostly sorted by when it is not the DocType's
   * `sort_field` (`{ 'Sales Invoice': 'posting_date' }`): such a list, filtered by a Link or
   * another indexed field, reads only its page (the store's `listOrder`).
   */
  readonly listOrder?: Readonly<Record<string, string>>
}

export interface BrowserReplica {
  readonly replica: Replica
  /** The IndexedDB database holding this site and user's data. */
  readonly database: string
  /** The browser promised not to evict the data under storage pressure. */
  readonly persisted: boolean
  /** Documents and queued changes are stored encrypted; when false, say that storage is unencrypted. */
  readonly encrypted: boolean
  /** Stop syncing, leave the other tabs, close the database. */
  close(): Promise<void>
}

function tabsFor(database: string): TabsOptions | undefined {
  if (typeof BroadcastChannel !== 'function' || !defaultLockManager()) return undefined
  return { lock: webLocksLeader(`${database}:leader`), channel: broadcastTabChannel(`${database}:tabs`) }
}

interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void
  removeEventListener(type: string, listener: () => void): void
}

/** What this module reads of a page (typed here: the packages compile without the DOM library). */
type PageGlobals = Partial<EventTargetLike> & {
  readonly document?: EventTargetLike & { readonly visibilityState: string }
  readonly location?: { readonly origin: string }
}

/** Sync at once when the network comes back or the page is shown again, instead of waiting for a timer. */
function nudges(replica: Replica): () => void {
  const target = globalThis as PageGlobals
  const now = (): void => void replica.sync()
  const shown = (): void => {
    if (target.document?.visibilityState === 'visible') now()
  }
  target.addEventListener?.('online', now)
  target.document?.addEventListener('visibilitychange', shown)
  return () => {
    target.removeEventListener?.('online', now)
    target.document?.removeEventListener('visibilitychange', shown)
  }
}

function pageOrigin(): string {
  const origin = (globalThis as PageGlobals).location?.origin
  if (origin === undefined) throw new OutpostError('INVALID_ARGUMENT', 'openBrowserReplica: give `url` outside a web page')
  return origin
}

/**
 * A replica for a web page: IndexedDB (encrypted at rest when given a passphrase), the Outpost
 * sync protocol, tabs that share the work, persistent storage asked for, automatic sync.
 */
export async function openBrowserReplica(options: BrowserReplicaOptions): Promise<BrowserReplica> {
  const site = new URL(options.url ?? pageOrigin())
  const database = `outpost:${site.host}:${options.user}`
  const remote = options.token !== undefined ? outpostRemote({ url: site.origin, token: options.token }) : outpostRemote({ url: site.origin, session: 'browser' })
  const tabs = options.tabs === false ? undefined : tabsFor(database)
  const store = indexedDbStore({
    name: database,
    ...(options.passphrase !== undefined ? { encryption: { passphrase: options.passphrase } } : {}),
    ...(options.listOrder !== undefined ? { listOrder: options.listOrder } : {}),
  })
  const replica = await createReplica({
    store, remote, doctypes: options.doctypes, user: options.user,
    ...(options.hooks ? { hooks: options.hooks } : {}),
    ...(options.policies ? { policies: options.policies } : {}),
    ...(options.schedule ? { schedule: options.schedule } : {}),
    ...(tabs ? { tabs } : {}),
  })
  const { persisted } = await requestPersistentStorage()
  const unnudge = nudges(replica)
  if (options.autoStart !== false) await replica.start()
  return {
    replica, database, persisted, encrypted: store.encrypted,
    async close() {
      unnudge()
      await replica.close()
    },
  }
}
