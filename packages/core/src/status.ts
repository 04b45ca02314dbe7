import type { OutpostErrorCode } from './errors.ts'
import type { ShardStatus } from './shards/shard-types.ts'

export interface SyncProgress {
  readonly phase: 'boot' | 'pull' | 'push'
  readonly done: number
  readonly total: number | undefined
}

/** Why a sync stopped: an OutpostError's code (`INTERNAL` for anything else), message and retryability. */
export interface SyncFailure {
  readonly code: OutpostErrorCode
  readonly message: string
  readonly retryable: boolean
}

/** What a UI shows about sync. */
export interface ReplicaStatus {
  /** The last contact with the server succeeded. */
  readonly online: boolean
  /** The server asked for a login; sync is paused and nothing is dropped. */
  readonly authRequired: boolean
  /** Mutations waiting to be pushed (refused ones included). */
  readonly pending: number
  /** Entries in the Sync Error Log. */
  readonly errors: number
  /** Open conflicts. */
  readonly conflicts: number
  /** Epoch ms of the last sync that reached the server. */
  readonly lastSync: number | undefined
  readonly progress: SyncProgress | undefined
  /**
   * The last sync stopped on this failure (the local store full, say) instead of ending: a UI
   * shows it, since automatic sync only retries. Cleared by the next sync that ends.
   */
  readonly syncFailure: SyncFailure | undefined
  /**
   * `manual`: syncs only when asked; `leader`: syncs by itself (`start()`); `follower`: another
   * tab on the same local database syncs for this one.
   */
  readonly role: 'manual' | 'leader' | 'follower'
  /** Each shard's own state, when the replica has shards (`online` is then true while any shard answers). */
  readonly shards?: Readonly<Record<string, ShardStatus>>
}

export const INITIAL_STATUS: ReplicaStatus = {
  online: false, authRequired: false, pending: 0, errors: 0, conflicts: 0, lastSync: undefined, progress: undefined, syncFailure: undefined, role: 'manual',
}
