import type { Doc } from '@outpost/meta'
import type { ReplicaStatus } from './status.ts'
import type { MetaMigrationReport } from './migrations/meta-migration.ts'

export interface ChangeEvent {
  readonly doctype: string
  readonly name: string
  /** What happened locally: a local save, a server change pulled in, or a removal. */
  readonly origin: 'local' | 'remote'
  readonly doc: Doc | undefined
}

export interface RenameEvent {
  readonly doctype: string
  readonly from: string
  readonly to: string
}

/**
 * The local data may have changed without this replica's listeners hearing of each change:
 * whatever a view shows, it reads again. A tab missed messages of other tabs
 * (`missed-tab-messages`), woke from a freeze or hang (`resumed`), or was taken over as leader
 * for its silence (`lost-leadership`); or another tab migrated the data to new meta, which this
 * tab now uses (`meta-changed`).
 */
export interface StaleEvent {
  readonly reason: 'missed-tab-messages' | 'resumed' | 'lost-leadership' | 'meta-changed'
}

export interface ReplicaEvents extends Record<string, unknown> {
  change: ChangeEvent
  rename: RenameEvent
  stale: StaleEvent
  status: ReplicaStatus
  /** The server's meta changed and local data was migrated to it. */
  migrated: MetaMigrationReport
}
