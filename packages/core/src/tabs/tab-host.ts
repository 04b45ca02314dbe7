import type { Emitter } from '../events.ts'
import type { Environment } from '../ports/environment.ts'
import type { LeaderLock, TabChannel } from '../ports/tabs.ts'
import type { ReplicaEvents } from '../replica-events.ts'
import type { SyncSummary } from '../sync/sync-run.ts'
import type { SharedStatus } from './tab-messages.ts'

// How tabs share one replica: the options an app gives, and what the coordinator asks of the replica.

export interface TabsOptions {
  readonly lock: LeaderLock
  readonly channel: TabChannel
  /** How often the leader says it is alive (default 1 s). */
  readonly heartbeatMs?: number
  /** A leader silent this long is taken over (default 5 s). */
  readonly takeoverMs?: number
}

/** What the coordinator asks of the replica it serves. */
export interface TabHost {
  readonly env: Environment
  readonly events: Emitter<ReplicaEvents>
  runSync(phase: 'boot' | 'pull'): Promise<SyncSummary>
  /** This tab leads now: sync by itself. */
  lead(): void
  /** This tab no longer leads: stop syncing by itself (resolves once any running sync ended). */
  follow(): Promise<void>
  pushSoon(): void
  sharedStatus(): SharedStatus
  /** Another tab changed the shared store or the leader's status changed: recount, show. */
  refreshStatus(shared: SharedStatus | undefined): void
  /**
   * In the leader, every heartbeat: push what other tabs queued if the outbox changed since it
   * last looked. Their message saying so is lost when it reaches a frozen leader, or none.
   */
  checkOutbox(): Promise<void>
  /** Another tab migrated the shared store to new meta: take the stored meta as this tab's. */
  reloadMeta(): Promise<void>
}
