import type { RealtimeHint, RealtimeListener } from '@outpost/core'

/** A RealtimeListener that writes down what it hears (`connected`, `disconnected`, `Customer X`) and lets a test wait. */
export class RealtimeRecorder implements RealtimeListener {
  readonly heard: string[] = []
  readonly #waiters = new Set<() => void>()

  changed(hint: RealtimeHint): void {
    this.push(hint.name === undefined ? hint.doctype : `${hint.doctype} ${hint.name}`)
  }

  connected(): void {
    this.push('connected')
  }

  disconnected(): void {
    this.push('disconnected')
  }

  count(entry: string): number {
    return this.heard.filter((h) => h === entry).length
  }

  hints(): string[] {
    return this.heard.filter((h) => h !== 'connected' && h !== 'disconnected')
  }

  /** Wait until `done` holds (checked at each entry), at most `timeoutMs`. */
  until(done: (heard: readonly string[]) => boolean, timeoutMs = 10_000): Promise<void> {
    if (done(this.heard)) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done(this.heard)) return
        cleanup()
        resolve()
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`timed out; heard ${JSON.stringify(this.heard)}`))
      }, timeoutMs)
      const cleanup = (): void => {
        clearTimeout(timer)
        this.#waiters.delete(check)
      }
      this.#waiters.add(check)
    })
  }

  /** Wait for the `n`th time `entry` is heard. */
  nth(entry: string, n = 1, timeoutMs?: number): Promise<void> {
    return this.until(() => this.count(entry) >= n, timeoutMs)
  }

  private push(entry: string): void {
    this.heard.push(entry)
    for (const w of this.#waiters) w()
  }
}
