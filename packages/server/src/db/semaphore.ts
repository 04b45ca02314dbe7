/** At most `limit` tasks at once; the rest wait in order. */
export class Semaphore {
  #active = 0
  readonly #waiting: (() => void)[] = []

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number from 1, not ${limit}`)
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve))
    else this.#active++
    try {
      return await fn()
    } finally {
      // hand the slot straight to the next in line, or free it
      const next = this.#waiting.shift()
      if (next) next()
      else this.#active--
    }
  }
}
