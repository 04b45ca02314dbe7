/**
 * An async FIFO lock: one SQLite connection must never interleave two transactions, and
 * callers awaiting between statements would otherwise let another transaction in.
 */
export class FifoLock {
  #tail: Promise<void> = Promise.resolve()

  /** Run `fn` once every earlier caller has finished; a failure does not block later ones. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn)
    this.#tail = result.then(() => undefined, () => undefined)
    return result
  }
}
