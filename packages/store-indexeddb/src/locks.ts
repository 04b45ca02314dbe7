/** The subset of the Web Locks API (navigator.locks) this store uses. */
export interface LockManagerLike {
  request<T>(name: string, options: { mode: 'shared' | 'exclusive' }, callback: () => Promise<T>): Promise<T>
}

/** The browser's Web Locks, when there are any (not in Node, nor in old browsers). */
export function defaultLocks(): LockManagerLike | undefined {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator
  return nav?.locks
}

/**
 * Serialises a store's transactions: a FIFO queue in this tab, so a write's reads and its
 * flush see no other write of the tab in between; and, where the Web Locks API exists, a lock
 * named after the database, exclusive for writes and shared for reads, so another tab's write
 * cannot land between them either.
 */
export class StoreLock {
  #tail: Promise<void> = Promise.resolve()
  readonly #name: string
  readonly #locks: LockManagerLike | undefined

  constructor(databaseName: string, locks: LockManagerLike | undefined) {
    this.#name = `outpost-store:${databaseName}`
    this.#locks = locks
  }

  run<T>(mode: 'shared' | 'exclusive', fn: () => Promise<T>): Promise<T> {
    const locks = this.#locks
    const guarded = locks ? () => locks.request(this.#name, { mode }, fn) : fn
    const result = this.#tail.then(guarded)
    // a failure does not block later callers
    this.#tail = result.then(() => undefined, () => undefined)
    return result
  }
}
