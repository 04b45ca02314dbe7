/**
 * When a resource re-queries after replica events. Every event of a burst (a pulled page of
 * 1,000 documents emits 1,000 `change` events in one go) asks for a flush; one flush runs.
 * The default waits for the current task's microtasks; tests pass a manual queue.
 */
export type Schedule = (flush: () => void) => void

export const microtask: Schedule = (flush) => queueMicrotask(flush)

export interface Coalescer {
  /** Ask for one run at the next flush; asks before it are folded in. */
  poke(): void
  /** No run after this, even one already asked for. */
  cancel(): void
}

export function coalesce(schedule: Schedule, run: () => void): Coalescer {
  let queued = false
  let cancelled = false
  return {
    poke() {
      if (queued || cancelled) return
      queued = true
      schedule(() => {
        queued = false
        if (!cancelled) run()
      })
    },
    cancel() {
      cancelled = true
    },
  }
}

/**
 * Loads that may overlap (arguments changed, events arrived): only the newest one's answer
 * lands, so an older query resolving late never overwrites a newer one.
 */
export class Latest {
  #seq = 0

  /** Start a load; the returned check says whether it is still the newest. */
  begin(): () => boolean {
    const mine = ++this.#seq
    return () => mine === this.#seq
  }

  /** Make every load started so far stale (the resource was disposed, or reset). */
  invalidate(): void {
    this.#seq++
  }
}
