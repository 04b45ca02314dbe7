import type { Lease, PendingLease } from '../ports/tabs.ts'
import type { ReplicaEvents, StaleEvent } from '../replica-events.ts'
import { OutpostError } from '../errors.ts'
import type { SyncFailure } from '../status.ts'
import { syncFailureOf, type SyncSummary } from '../sync/sync-run.ts'
import { MessageNumbers } from './message-numbers.ts'
import { readTabMessage, type TabMessage } from './tab-messages.ts'
import type { TabHost, TabsOptions } from './tab-host.ts'

/** A heartbeat wait this many times too long: the tab was frozen or hung meanwhile. */
const LATE_FACTOR = 3

type Body = TabMessage extends infer M ? (M extends TabMessage ? Omit<M, 'outpost' | 'from' | 'seq'> : never) : never

/**
 * One replica per tab, one leader among them (docs/architecture.md, "Tabs"):
 * - the leader syncs, says it is alive every `heartbeatMs`, and answers other tabs' sync requests;
 * - followers write to the shared store themselves and tell the leader to push;
 * - every tab tells the others what changed, so their views follow within one message;
 * - a follower takes over when the leader leaves (its lock frees) or goes silent (`takeoverMs`).
 * Pushing twice is harmless by design: mutation ids are idempotent on the server.
 */
export class TabCoordinator {
  readonly #id: string
  #role: 'leader' | 'follower' | 'stopped' = 'follower'
  #lease: Lease | undefined
  #pending: PendingLease | undefined
  #lastHeartbeat: number
  #leaderId: string | undefined
  #replaying = false
  readonly #numbers = new MessageNumbers()
  readonly #waiting = new Map<string, { phase: 'boot' | 'pull'; resolve: (s: SyncSummary) => void; reject: (e: unknown) => void }>()
  readonly #unsubscribe: (() => void)[] = []
  readonly #heartbeatMs: number
  readonly #takeoverMs: number

  constructor(private readonly host: TabHost, private readonly options: TabsOptions, private readonly onRole: (role: 'leader' | 'follower') => void) {
    this.#id = host.env.uuid()
    this.#lastHeartbeat = host.env.now()
    this.#heartbeatMs = options.heartbeatMs ?? 1000
    this.#takeoverMs = options.takeoverMs ?? 5000
  }

  get role(): 'leader' | 'follower' | 'stopped' {
    return this.#role
  }

  async start(): Promise<void> {
    this.#unsubscribe.push(this.options.channel.listen((m) => this.#receive(m)), ...this.#forwardEvents())
    // the tabs already open answer with their message numbers: what they say next is counted from there
    this.#post({ t: 'hello' })
    const lease = await this.options.lock.tryAcquire()
    if (lease) this.#becomeLeader(lease)
    else this.#becomeFollower()
  }

  async stop(): Promise<void> {
    const wasLeader = this.#role === 'leader'
    this.#role = 'stopped'
    this.#pending?.cancel()
    for (const off of this.#unsubscribe.splice(0)) off()
    if (wasLeader) {
      await this.host.follow()
      this.#post({ t: 'bye' })
    }
    this.#lease?.release()
    this.options.channel.close()
  }

  /** In a follower: ask the leader, and wait for its answer (or lead, and run it here). */
  sync(phase: 'boot' | 'pull'): Promise<SyncSummary> {
    if (this.#role !== 'follower') return this.host.runSync(phase)
    const id = this.host.env.uuid()
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { phase, resolve, reject })
      this.#post({ t: 'sync-request', id, phase })
    })
  }

  /** A local save in this tab: the leader pushes it. */
  queued(): void {
    if (this.#role === 'leader') this.host.pushSoon()
    else if (this.#role === 'follower') this.#post({ t: 'outbox' })
  }

  statusChanged(): void {
    if (this.#role === 'leader') this.#post({ t: 'status', status: this.host.sharedStatus() })
  }

  #post(body: Body): void {
    this.options.channel.post({ ...body, outpost: 1, from: this.#id, seq: this.#numbers.next() })
  }

  #forwardEvents(): (() => void)[] {
    return [
      this.host.events.on('change', (event) => this.#replaying || this.#post({ t: 'change', event })),
      this.host.events.on('rename', (event) => this.#replaying || this.#post({ t: 'rename', event })),
      this.host.events.on('migrated', (report) => this.#replaying || this.#post({ t: 'migrated', report })),
    ]
  }

  #becomeLeader(lease: Lease): void {
    if (this.#role === 'stopped') return lease.release()
    this.#role = 'leader'
    this.#lease = lease
    this.#pending = undefined
    this.onRole('leader')
    this.host.lead()
    void lease.lost.then(() => this.#leaseLost(lease))
    void this.#heartbeats(lease)
    // Requests this tab sent as a follower are its own to run now.
    for (const [id, w] of this.#waiting) {
      this.#waiting.delete(id)
      void this.host.runSync(w.phase).then(w.resolve, w.reject)
    }
  }

  async #leaseLost(lease: Lease): Promise<void> {
    if (this.#lease !== lease || this.#role !== 'leader') return
    this.#lease = undefined
    await this.host.follow()
    this.#becomeFollower()
    // taken over: this tab was silent long enough (frozen, hung) to have missed what others said
    this.#numbers.woke()
    this.#stale('lost-leadership')
  }

  #becomeFollower(): void {
    if (this.#role === 'stopped') return
    this.#role = 'follower'
    this.#lastHeartbeat = this.host.env.now()
    this.onRole('follower')
    this.#wait(false)
    void this.#watchdog()
  }

  #wait(steal: boolean): void {
    this.#pending?.cancel()
    const pending = this.options.lock.acquire({ steal })
    this.#pending = pending
    void pending.lease.then((lease) => {
      if (lease && this.#pending === pending) this.#becomeLeader(lease)
      else lease?.release()
    })
  }

  async #heartbeats(lease: Lease): Promise<void> {
    while (this.#lease === lease && this.#role === 'leader') {
      this.#post({ t: 'heartbeat' })
      // a store that failed to answer is asked again at the next heartbeat
      await this.host.checkOutbox().catch(() => undefined)
      await this.#tick()
    }
  }

  /**
   * One heartbeat's wait. A wait that ended far too late means this tab was frozen or hung (or
   * its timers throttled, as a long-hidden page's are): its views read again, and it says hello
   * again so that the other tabs' answers give it their message numbers to count from.
   */
  async #tick(): Promise<'on-time' | 'woke'> {
    const start = this.host.env.now()
    await this.host.env.sleep(this.#heartbeatMs)
    if (this.host.env.now() - start < this.#heartbeatMs * LATE_FACTOR || this.#role === 'stopped') return 'on-time'
    this.#numbers.woke()
    this.#post({ t: 'hello' })
    // what it missed may have come from tabs since closed, which no answer will show
    this.#stale('resumed')
    return 'woke'
  }

  /** A follower steals leadership from a leader that stopped saying it is alive. */
  async #watchdog(): Promise<void> {
    while (this.#role === 'follower') {
      // just woken: the leader's silence was this tab's own deafness; give it a heartbeat to be heard
      if ((await this.#tick()) === 'woke') this.#lastHeartbeat = this.host.env.now()
      if (this.#role !== 'follower') return
      if (this.host.env.now() - this.#lastHeartbeat > this.#takeoverMs) {
        this.#lastHeartbeat = this.host.env.now()
        this.#wait(true)
      }
    }
  }

  #receive(raw: unknown): void {
    const m = readTabMessage(raw)
    if (!m || m.from === this.#id || this.#role === 'stopped') return
    const missed = this.#numbers.missedBefore(m)
    if (m.t === 'heartbeat' || m.t === 'status') this.#heardLeader(m.from)
    this.#handle(m)
    if (missed) this.#stale('missed-tab-messages')
  }

  /** Changes may have been made that this tab's views did not hear of: they read again. */
  #stale(reason: StaleEvent['reason']): void {
    this.host.events.emit('stale', { reason })
    this.host.refreshStatus(undefined)
  }

  #handle(m: TabMessage): void {
    switch (m.t) {
      case 'change':
      case 'rename':
        return this.#replay(m)
      case 'migrated':
        return void this.#migrated(m.report)
      case 'status':
        return this.host.refreshStatus(m.status)
      case 'outbox':
        if (this.#role === 'leader') this.host.pushSoon()
        return this.host.refreshStatus(undefined)
      case 'sync-request':
        if (this.#role === 'leader') {
          // a failure is the asking tab's to hear too: it would wait for an answer forever
          void this.host.runSync(m.phase).then((summary) => this.#post({ t: 'synced', id: m.id, summary }), (e: unknown) => this.#post({ t: 'sync-failed', id: m.id, failure: syncFailureOf(e) }))
        }
        return
      case 'synced':
        return this.#answered(m.id, m.summary)
      case 'sync-failed':
        return this.#answered(m.id, m.failure)
      case 'bye':
        // The leader left: its lock is free, a waiting follower gets it without the watchdog.
        return
      case 'hello':
        return this.#post({ t: 'here' })
      case 'here':
      case 'heartbeat':
        return
    }
  }

  /** A new leader may not have seen requests sent to the last one: ask again. */
  #heardLeader(from: string): void {
    this.#lastHeartbeat = this.host.env.now()
    if (this.#leaderId === from) return
    this.#leaderId = from
    for (const [id, w] of this.#waiting) this.#post({ t: 'sync-request', id, phase: w.phase })
  }

  #answered(id: string, answer: SyncSummary | SyncFailure): void {
    const w = this.#waiting.get(id)
    if (!w) return
    this.#waiting.delete(id)
    if ('code' in answer) w.reject(new OutpostError(answer.code, answer.message, { retryable: answer.retryable }))
    else w.resolve(answer)
  }

  /** The meta this tab validates and shows with follows the store's; its views read again. */
  async #migrated(report: ReplicaEvents['migrated']): Promise<void> {
    // a store that fails here fails this tab's next call too, which says why
    await this.host.reloadMeta().catch(() => undefined)
    if (this.#role === 'stopped') return
    this.#asReplay(() => this.host.events.emit('migrated', report))
    this.#stale('meta-changed')
  }

  /** Emit what another tab said here, without forwarding it back to the channel. */
  #asReplay(emit: () => void): void {
    this.#replaying = true
    try {
      emit()
    } finally {
      this.#replaying = false
    }
  }

  #replay(m: Extract<TabMessage, { t: 'change' | 'rename' }>): void {
    this.#asReplay(() => (m.t === 'change' ? this.host.events.emit('change', m.event) : this.host.events.emit('rename', m.event)))
    if (m.t === 'change' && m.event.origin === 'local') this.host.refreshStatus(undefined)
  }
}
