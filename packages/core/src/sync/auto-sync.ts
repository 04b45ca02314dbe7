import type { ReplicaContext } from '../context.ts'
import type { StatusTracker } from '../status-tracker.ts'
import { SyncScheduler, type ScheduleOptions } from './scheduler.ts'
import type { SyncRunner } from './sync-runner.ts'

/**
 * Syncing by itself: the scheduler, fed by local saves and the server's realtime hints. After
 * every (re)connect of the realtime channel it syncs, since hints sent meanwhile are lost.
 */
export class AutoSync {
  readonly #scheduler: SyncScheduler
  #unwatch: (() => void) | undefined

  constructor(
    private readonly ctx: ReplicaContext,
    private readonly synced: readonly string[],
    private readonly runner: SyncRunner,
    private readonly status: StatusTracker,
    schedule: ScheduleOptions,
  ) {
    this.#scheduler = new SyncScheduler(ctx.env, () => runner.sync('pull', 'auto'), schedule)
  }

  get active(): boolean {
    return this.#scheduler.started
  }

  start(): void {
    if (this.#scheduler.started) return
    this.#scheduler.start()
    const { remote } = this.ctx
    if (!remote.capabilities.realtime || !remote.watch) return
    this.#unwatch = remote.watch(this.synced, {
      changed: () => this.#scheduler.pullSoon(),
      connected: () => this.#scheduler.soon(0),
      disconnected: () => this.status.set({ online: false }),
    })
  }

  /** Stop, and wait for a running sync to end. */
  async stop(): Promise<void> {
    this.#unwatch?.()
    this.#unwatch = undefined
    await this.#scheduler.stop()
    await this.runner.idle()
  }

  pushSoon(): void {
    if (this.#scheduler.started) this.#scheduler.pushSoon()
  }
}
