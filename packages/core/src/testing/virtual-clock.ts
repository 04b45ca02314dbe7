import type { Environment } from '../ports/environment.ts'

export interface VirtualClock {
  readonly env: Environment
  /** Move time forward, waking every sleeper due on the way, in time order. */
  advance(ms: number): Promise<void>
  /** Let promise chains settle without moving time. */
  settle(): Promise<void>
}

/** Deterministic time for scheduler and tab tests: nothing moves until `advance`. */
export function virtualClock(start = Date.UTC(2026, 0, 1)): VirtualClock {
  let now = start
  let counter = 0
  const sleepers: { at: number; seq: number; wake: () => void }[] = []
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve))
  }
  const env: Environment = {
    now: () => now,
    uuid: () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    random: () => 0.5,
    sleep: (ms) => new Promise<void>((wake) => {
      sleepers.push({ at: now + Math.max(0, ms), seq: counter++, wake })
    }),
  }
  return {
    env,
    settle,
    async advance(ms) {
      const until = now + ms
      await settle()
      for (;;) {
        sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq)
        const next = sleepers[0]
        if (!next || next.at > until) break
        sleepers.shift()
        now = Math.max(now, next.at)
        next.wake()
        await settle()
      }
      now = until
      await settle()
    },
  }
}
