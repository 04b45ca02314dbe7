import { describe, expect, it } from 'vitest'
import { virtualClock } from '../testing/virtual-clock.ts'
import { SyncScheduler } from './scheduler.ts'
import type { SyncSummary } from './sync-run.ts'

const OK: SyncSummary = { pushed: 0, rejected: 0, conflicts: 0, pulled: 0, deleted: 0, offline: false, authRequired: false, unreadable: [] }
const OFFLINE: SyncSummary = { ...OK, offline: true }

function setup(answers: (n: number) => SyncSummary | Error = () => OK, syncMs = 0) {
  const clock = virtualClock()
  const runs: number[] = []
  const scheduler = new SyncScheduler(clock.env, async () => {
    runs.push(clock.env.now() - start)
    const answer = answers(runs.length)
    if (syncMs > 0) await clock.env.sleep(syncMs)
    if (answer instanceof Error) throw answer
    return answer
  }, { pushDelayMs: 100, pullDelayMs: 50, everyMs: 60_000 })
  const start = clock.env.now()
  return { clock, runs, scheduler }
}

describe('SyncScheduler', () => {
  it('syncs at once when started, then every everyMs', async () => {
    const { clock, runs, scheduler } = setup()
    scheduler.start()
    await clock.advance(0)
    expect(runs).toEqual([0])
    await clock.advance(59_999)
    expect(runs).toEqual([0])
    await clock.advance(1)
    expect(runs).toEqual([0, 60_000])
    await scheduler.stop()
  })

  it('turns a burst of saves into one sync, pushDelayMs after the first', async () => {
    const { clock, runs, scheduler } = setup()
    scheduler.start()
    await clock.advance(1000)
    for (let i = 0; i < 10; i++) {
      scheduler.pushSoon()
      await clock.advance(5)
    }
    await clock.advance(200)
    expect(runs).toEqual([0, 1100])
    await scheduler.stop()
  })

  it('a hint pulls sooner than a planned periodic sync, and never later than one already planned', async () => {
    const { clock, runs, scheduler } = setup()
    scheduler.start()
    await clock.advance(10_000)
    scheduler.pullSoon()
    scheduler.soon(5000)
    await clock.advance(100)
    expect(runs).toEqual([0, 10_050])
    await scheduler.stop()
  })

  it('backs off while offline, and comes back to the normal rhythm after a success', async () => {
    const { clock, runs, scheduler } = setup((n) => (n <= 3 ? OFFLINE : OK))
    scheduler.start()
    await clock.advance(20_000)
    // jitter 0.5: 0.75 × 1 s, 2 s, 4 s
    expect(runs).toEqual([0, 750, 2250, 5250])
    await clock.advance(60_000)
    expect(runs.at(-1)).toBe(65_250)
    await scheduler.stop()
  })

  it('a request during a running sync runs after it', async () => {
    const { clock, runs, scheduler } = setup(() => OK, 1000)
    scheduler.start()
    await clock.advance(500)
    scheduler.pushSoon()
    await clock.advance(2000)
    expect(runs).toEqual([0, 1000])
    await scheduler.stop()
  })

  it('stop waits for the running sync, and nothing runs after it', async () => {
    const { clock, runs, scheduler } = setup(() => OK, 1000)
    scheduler.start()
    await clock.advance(10)
    let stopped = false
    const stopping = scheduler.stop().then(() => (stopped = true))
    await clock.advance(500)
    expect(stopped).toBe(false)
    await clock.advance(600)
    await stopping
    scheduler.pushSoon()
    await clock.advance(120_000)
    expect(runs).toEqual([0])
    expect(scheduler.started).toBe(false)
  })

  it('a sync that throws (a bug) is reported and retried with backoff, not the end of automatic sync', async () => {
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => void errors.push(args)
    try {
      const { clock, runs, scheduler } = setup((n) => (n === 1 ? new Error('boom') : OK))
      scheduler.start()
      await clock.advance(1000)
      expect(runs).toEqual([0, 750])
      expect(errors).toHaveLength(1)
      await scheduler.stop()
    } finally {
      console.error = original
    }
  })
})
