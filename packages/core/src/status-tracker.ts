import type { ReplicaContext } from './context.ts'
import { CONFLICT } from './logs/conflict-log.ts'
import { ERROR } from './logs/error-log.ts'
import { countOutbox } from './outbox/outbox-store.ts'
import { LAST_SYNC } from './sync/sync-run.ts'
import { INITIAL_STATUS, type ReplicaStatus } from './status.ts'

/** Holds the replica's status and announces every change of it. */
export class StatusTracker {
  #status: ReplicaStatus = INITIAL_STATUS
  constructor(private readonly ctx: ReplicaContext) {}

  get current(): ReplicaStatus {
    return this.#status
  }

  set(patch: Partial<ReplicaStatus>): void {
    this.#status = { ...this.#status, ...patch }
    this.ctx.events.emit('status', this.#status)
  }

  /** Recount pending mutations, errors and conflicts from the store. */
  async refresh(patch: Partial<ReplicaStatus> = {}): Promise<ReplicaStatus> {
    // asked for together: on IndexedDB each awaited read is a round trip
    const counts = await this.ctx.store.read(async (tx) => {
      const [lastSync, pending, errors, conflicts] = await Promise.all([
        this.#status.lastSync ?? tx.getRecord<number>('state', LAST_SYNC),
        countOutbox(tx),
        tx.countRecords(ERROR),
        tx.countRecords(CONFLICT),
      ])
      return { lastSync, pending, errors, conflicts }
    })
    this.set({ ...counts, ...patch })
    return this.#status
  }
}
