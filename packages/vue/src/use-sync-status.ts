import type { OutpostError, ReplicaStatus, SyncErrorEntry, SyncFailure, SyncProgress, SyncSummary } from '@outpost/core'
import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { resolveConfig, type ResourceOptions } from './context.ts'
import { toOutpostError } from './errors.ts'
import { Lifetime } from './lifetime.ts'
import { Latest } from './schedule.ts'

/** The replica's status for a sync indicator: every field follows the replica's `status` events. */
export interface SyncStatus {
  readonly status: ReplicaStatus
  readonly online: boolean
  readonly authRequired: boolean
  /** Mutations waiting to be pushed (refused ones included). */
  readonly pending: number
  /** Entries in the Sync Error Log. */
  readonly errors: number
  readonly conflicts: number
  readonly lastSync: number | undefined
  /** Pull or push progress while a sync runs. */
  readonly progress: SyncProgress | undefined
  /** A sync is running (one started here, or one reporting progress). */
  readonly syncing: boolean
  /** The last sync, automatic ones included, stopped on this (the local store full, say); null once a sync ends. */
  readonly syncFailure: SyncFailure | null
  /** The newest Sync Error Log entry: the last change the server refused. */
  readonly lastError: SyncErrorEntry | null
  /** What the last `sync()` started here, or the last read of the error log, failed with. */
  readonly error: OutpostError | null
  /** The last summary of a `sync()` started here. */
  readonly summary: SyncSummary | null
  /** Run a sync; resolves to its summary, never rejects (a failure lands in `error`). */
  sync(): Promise<SyncSummary | undefined>
  dispose(): void
}

/** Sync status for an indicator or a sync button; `lastError` is read again only as the log grows or shrinks. */
export function useSyncStatus(options: ResourceOptions = {}): SyncStatus {
  const { replica } = resolveConfig(options)
  const life = new Lifetime()
  const status = shallowRef<ReplicaStatus>(replica.status)
  const running = ref(0)
  const lastError = shallowRef<SyncErrorEntry | null>(null)
  const error = shallowRef<OutpostError | null>(null)
  const summary = shallowRef<SyncSummary | null>(null)
  const latest = new Latest()

  const readLog = async (): Promise<void> => {
    const fresh = latest.begin()
    try {
      const entries = await replica.errors.list()
      if (fresh()) lastError.value = entries.at(-1) ?? null
    } catch (e) {
      if (fresh()) error.value = toOutpostError(e)
    }
  }
  life.listen(replica, 'status', (s) => (status.value = s))
  life.run(() => watch(() => status.value.errors, () => void readLog(), { flush: 'sync', immediate: true }))
  life.onDispose(() => latest.invalidate())

  const sync = async (): Promise<SyncSummary | undefined> => {
    running.value++
    try {
      const out = await replica.sync()
      summary.value = out
      error.value = null
      return out
    } catch (e) {
      error.value = toOutpostError(e)
      return undefined
    } finally {
      running.value--
    }
  }

  const field = <K extends keyof ReplicaStatus>(key: K) => computed(() => status.value[key])
  return reactive({
    status,
    online: field('online'),
    authRequired: field('authRequired'),
    pending: field('pending'),
    errors: field('errors'),
    conflicts: field('conflicts'),
    lastSync: field('lastSync'),
    progress: field('progress'),
    syncing: computed(() => running.value > 0 || status.value.progress !== undefined),
    syncFailure: computed(() => status.value.syncFailure ?? null),
    lastError, error, summary, sync,
    dispose: () => life.dispose(),
  })
}
