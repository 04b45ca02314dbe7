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
    const counts = await this.ctx.store.read(async (tx) => ({
      lastSync: this.#status.lastSync ?? (await tx.getRecord<number>('state', LAST_SYNC)),
      pending: await countOutbox(tx),
      errors: await tx.countRecords(ERROR),
      conflicts: await tx.countRecords(CONFLICT),
    }))
    this.set({ ...counts, ...patch })
    return this.#status
  }
}
