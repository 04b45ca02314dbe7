import type { Clock } from '@outpost/server'

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** A naive server stamp of `ms` since the epoch plus `micro` microseconds. */
export function stampOf(ms: number, micro = 0): string {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds() * 1000 + micro, 6)}`
}

/**
 * Server time a test moves by hand: `at(ms)` sets it (later stamps tick by 1 µs, so they stay
 * distinct), `freeze()` hands out one stamp to every save (ties on `modified`).
 */
export interface TestClock extends Clock {
  at(ms: number): void
  freeze(frozen: boolean): void
}

export function testClock(startMs: number): TestClock {
  let base = startMs
  let tick = 0
  let frozen = false
  return {
    now() {
      if (!frozen) tick++
      return stampOf(base + Math.floor(tick / 1000), tick % 1000)
    },
    today: () => stampOf(base).slice(0, 10),
    date: () => new Date(base),
    at(ms) {
      base = ms
      tick = 0
    },
    freeze(f) {
      frozen = f
    },
  }
}
