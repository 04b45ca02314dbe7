/** The subset of the Web Locks API (navigator.locks) this store uses. */
export interface LockManagerLike {
  request<T>(name: string, options: { mode: 'shared' | 'exclusive' }, callback: () => Promise<T>): Promise<T>
}

/** The browser's Web Locks, when there are any (not in Node, nor in old browsers). */
export function defaultLocks(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator
  return nav?.locks
}

type Mode = 'shared' | 'exclusive'

interface Job {
  readonly mode: Mode
  /** Runs the call and settles its promise; never rejects. */
  run(): Promise<void>
  /** Settles the call's promise with a failure to get the lock. */
  fail(e: unknown): void
}

/** Calls one grant of the Web Lock may serve before it is let go, so other tabs get their turn. */
const CALLS_PER_GRANT = 32

const covers = (held: Mode, wanted: Mode): boolean => held === 'exclusive' || wanted === 'shared'

/** Resolves in a later task: every promise continuation queued now has run by then. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

/**
 * Serialises a store's transactions: a FIFO queue in this tab, so a write's reads and its
 * flush see no other write of the tab in between; and, where the Web Locks API exists, a lock
 * named after the database, exclusive for writes and shared for reads, so another tab's write
 * cannot land between them either.
 *
 * A grant of the Web Lock serves the calls queued behind the first while their mode allows
 * (an exclusive grant serves reads too), and waits one task for more before it is let go: a
 * save is a write and then a status read, and asking the browser for the lock costs a round
 * trip each time. At most CALLS_PER_GRANT calls share a grant.
 */
export class StoreLock {
  readonly #queue: Job[] = []
  #draining = false
  readonly #name: string
  readonly #locks: LockManagerLike | undefined

  constructor(databaseName: string, locks: LockManagerLike | undefined) {
    this.#name = `outpost-store:${databaseName}`
    this.#locks = locks
  }

  run<T>(mode: Mode, fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // a failure is the caller's, and does not block later callers
      this.#queue.push({ mode, run: () => Promise.resolve().then(fn).then(resolve, reject), fail: reject })
      if (!this.#draining) void this.#drain()
    })
  }

  async #drain(): Promise<void> {
    this.#draining = true
    try {
      while (this.#queue.length > 0) {
        const locks = this.#locks
        const mode = this.#queue[0]!.mode
        if (!locks) await this.#queue.shift()!.run()
        else await locks.request(this.#name, { mode }, () => this.#serve(mode)).catch((e: unknown) => this.#queue.shift()?.fail(e))
      }
    } finally {
      this.#draining = false
    }
  }

  /** Under one grant in `mode`: the calls it covers, one at a time, in order. */
  async #serve(mode: Mode): Promise<void> {
    for (let served = 0; served < CALLS_PER_GRANT;) {
      const next = this.#queue[0]
      if (next === undefined) {
        await nextTask()
        if (this.#queue.length === 0) return
        continue
      }
      if (!covers(mode, next.mode)) return
      this.#queue.shift()
      await next.run()
      served++
    }
  }
}
