import type { Environment } from '../ports/environment.ts'
import { backoffMs } from './backoff.ts'
import type { SyncSummary } from './sync-run.ts'

export interface ScheduleOptions {
  /** After a local save: push this soon, so a burst of saves goes in one batch. */
  readonly pushDelayMs: number
  /** After a realtime hint: pull this soon, so a burst of hints costs one pull. */
  readonly pullDelayMs: number
  /** With nothing else asking: sync this often (catches lost hints). */
  readonly everyMs: number
}

export const DEFAULT_SCHEDULE: ScheduleOptions = { pushDelayMs: 100, pullDelayMs: 100, everyMs: 60_000 }

/**
 * Runs syncs by itself while started: soon after a request, then again every `everyMs`, and
 * with growing backoff while the server can't be reached. A request made during a sync runs
 * after it. Time only moves through the Environment, so tests drive it exactly.
 */
export class SyncScheduler {
  #due: number | undefined
  #running = false
  #wake: (() => void) | undefined
  #failures = 0
  #loop: Promise<void> | undefined

  constructor(
    private readonly env: Environment,
    private readonly sync: () => Promise<SyncSummary>,
    private readonly options: ScheduleOptions,
  ) {}

  get started(): boolean {
    return this.#running
  }

  /** Start: the first sync runs at once. */
  start(): void {
    if (this.#running) return
    this.#running = true
    this.#due = this.env.now()
    this.#loop = this.#run()
  }

  /** Stop after the sync that is running, if any. */
  async stop(): Promise<void> {
    this.#running = false
    this.#wake?.()
    await this.#loop
  }

  /** Sync within `delayMs` (an earlier plan stays). */
  soon(delayMs: number): void {
    const at = this.env.now() + delayMs
    if (this.#due !== undefined && this.#due <= at) return
    this.#due = at
    this.#wake?.()
  }

  pushSoon(): void {
    this.soon(this.options.pushDelayMs)
  }

  pullSoon(): void {
    this.soon(this.options.pullDelayMs)
  }

  async #run(): Promise<void> {
    while (await this.#waitUntilDue()) {
      this.#due = undefined
      this.#planAfter(await this.#syncOnce())
    }
  }

  async #syncOnce(): Promise<SyncSummary | undefined> {
    try {
      return await this.sync()
    } catch (e) {
      // A bug must not end automatic sync for good: report it and back off.
      console.error('outpost: automatic sync failed', e)
      return undefined
    }
  }

  #planAfter(summary: SyncSummary | undefined): void {
    if (summary === undefined || summary.offline) {
      this.#failures++
      this.soon(backoffMs(this.#failures, this.env.random(), undefined))
      return
    }
    this.#failures = 0
    this.soon(this.options.everyMs)
  }

  /** Resolves true when a sync is due, false once stopped. */
  async #waitUntilDue(): Promise<boolean> {
    while (this.#running) {
      const due = this.#due
      const now = this.env.now()
      if (due !== undefined && due <= now) return true
      const woken = new Promise<void>((resolve) => (this.#wake = resolve))
      await (due === undefined ? woken : Promise.race([woken, this.env.sleep(due - now)]))
    }
    return false
  }
}
