import type { LeaderLock, Lease, PendingLease, TabChannel } from '../ports/tabs.ts'

interface Holder { readonly lose: () => void }

/**
 * Web Locks and BroadcastChannel for tests, in one process: `lock()` and `channel()` give each
 * simulated tab its own handles on the same lock and the same channel. `freeze(tab)` makes a
 * tab's channel deaf and mute, as a frozen page is.
 */
export class MemoryTabs {
  #holder: Holder | undefined
  readonly #queue: { steal: boolean; grant: (lease: Lease) => void }[] = []
  readonly #listeners = new Set<{ handler: (m: unknown) => void; frozen: () => boolean }>()

  lock(): LeaderLock {
    return {
      tryAcquire: async () => (this.#holder ? undefined : this.#grant()),
      acquire: ({ steal }) => this.#acquire(steal),
    }
  }

  channel(isFrozen: () => boolean = () => false): TabChannel {
    const mine = new Set<(m: unknown) => void>()
    return {
      post: (message) => {
        if (isFrozen()) return
        const copy = structuredClone(message)
        for (const l of this.#listeners) if (!mine.has(l.handler) && !l.frozen()) queueMicrotask(() => l.handler(copy))
      },
      listen: (handler) => {
        const entry = { handler, frozen: isFrozen }
        mine.add(handler)
        this.#listeners.add(entry)
        return () => {
          mine.delete(handler)
          this.#listeners.delete(entry)
        }
      },
      close: () => {
        for (const l of [...this.#listeners]) if (mine.has(l.handler)) this.#listeners.delete(l)
      },
    }
  }

  #acquire(steal: boolean): PendingLease {
    let cancelled = false
    let resolveLease!: (lease: Lease | undefined) => void
    const lease = new Promise<Lease | undefined>((resolve) => (resolveLease = resolve))
    const waiter = { steal, grant: (l: Lease) => (cancelled ? l.release() : resolveLease(l)) }
    if (steal && this.#holder) {
      const previous = this.#holder
      this.#holder = undefined
      previous.lose()
    }
    if (!this.#holder) resolveLease(this.#grant())
    else this.#queue.push(waiter)
    return {
      lease,
      cancel: () => {
        cancelled = true
        const i = this.#queue.indexOf(waiter)
        if (i >= 0) this.#queue.splice(i, 1)
        resolveLease(undefined)
      },
    }
  }

  #grant(): Lease {
    let lose!: () => void
    const lost = new Promise<void>((resolve) => (lose = resolve))
    const holder: Holder = { lose }
    this.#holder = holder
    return {
      lost,
      release: () => {
        lose()
        if (this.#holder !== holder) return
        this.#holder = undefined
        this.#queue.shift()?.grant(this.#grant())
      },
    }
  }
}
