import type { ReplicaContext } from '../context.ts'
import { outboxStamp } from '../outbox/outbox-store.ts'
import type { StatusTracker } from '../status-tracker.ts'
import { TabCoordinator } from '../tabs/tab-coordinator.ts'
import type { TabsOptions } from '../tabs/tab-host.ts'
import type { SharedStatus } from '../tabs/tab-messages.ts'
import { AutoSync } from './auto-sync.ts'
import { storedSchema } from './meta-loader.ts'
import { DEFAULT_SCHEDULE, type ScheduleOptions } from './scheduler.ts'
import type { SyncSummary } from './sync-run.ts'
import type { SyncPhase, SyncRunner } from './sync-runner.ts'

export interface DriverOptions {
  readonly schedule?: Partial<ScheduleOptions>
  readonly tabs?: TabsOptions
}

/**
 * Who syncs, and when: by hand (`manual`), by itself (`start()`), or — with tabs — the leading
 * tab for all of them. The replica facade asks it and never the runner directly.
 */
export class SyncDriver {
  readonly #auto: AutoSync
  #tabs: TabCoordinator | undefined
  #unsubscribe: (() => void) | undefined
  /** The outbox stamp the leading tab last acted on. */
  #outboxSeen: string | undefined

  constructor(
    private readonly ctx: ReplicaContext,
    synced: readonly string[],
    private readonly runner: SyncRunner,
    private readonly status: StatusTracker,
    private readonly options: DriverOptions,
  ) {
    this.#auto = new AutoSync(ctx, synced, runner, status, { ...DEFAULT_SCHEDULE, ...options.schedule })
  }

  sync(phase: SyncPhase): Promise<SyncSummary> {
    return this.#tabs ? this.#tabs.sync(phase) : this.runner.sync(phase)
  }

  /** A local save happened: whoever syncs pushes it soon. */
  queued(): void {
    if (this.#tabs) this.#tabs.queued()
    else this.#auto.pushSoon()
  }

  async start(): Promise<void> {
    if (this.#auto.active || this.#tabs) return
    const tabs = this.options.tabs
    if (!tabs) {
      this.#auto.start()
      this.status.set({ role: 'leader' })
      return
    }
    this.#tabs = new TabCoordinator(this.#host(), tabs, (role) => this.status.set({ role }))
    this.#unsubscribe = this.ctx.events.on('status', () => this.#tabs?.statusChanged())
    await this.#tabs.start()
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.()
    this.#unsubscribe = undefined
    const tabs = this.#tabs
    this.#tabs = undefined
    if (tabs) await tabs.stop()
    else await this.#auto.stop()
    await this.runner.idle()
    this.status.set({ role: 'manual' })
  }

  #host(): ConstructorParameters<typeof TabCoordinator>[0] {
    return {
      env: this.ctx.env,
      events: this.ctx.events,
      runSync: (phase) => this.runner.sync(phase),
      lead: () => this.#auto.start(),
      follow: () => this.#auto.stop(),
      pushSoon: () => this.#auto.pushSoon(),
      sharedStatus: (): SharedStatus => {
        const { online, authRequired, lastSync, progress, syncFailure } = this.status.current
        return { online, authRequired, lastSync, progress, syncFailure }
      },
      refreshStatus: (shared) => void this.status.refresh(shared ?? {}),
      checkOutbox: () => this.#checkOutbox(),
      reloadMeta: () => this.#reloadMeta(),
    }
  }

  async #reloadMeta(): Promise<void> {
    const schema = await storedSchema(this.ctx.store)
    await this.ctx.store.open(schema)
    this.ctx.schema = schema
  }

  async #checkOutbox(): Promise<void> {
    const stamp = await this.ctx.store.read((tx) => outboxStamp(tx))
    if (stamp === this.#outboxSeen) return
    this.#outboxSeen = stamp
    if ((await this.status.refresh()).pending > 0) this.#auto.pushSoon()
  }
}
