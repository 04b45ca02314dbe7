import { afterEach, describe, expect, it } from 'vitest'
import { formatDatetime, systemClock } from './clock.ts'

const STAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/

/** A source clock the test moves by hand. */
function manual(start: Date): { source: () => Date; set(d: Date): void } {
  let now = start
  return { source: () => new Date(now.getTime()), set: (d) => { now = d } }
}

function strictlyIncreasing(stamps: readonly string[]): boolean {
  return stamps.every((s, i) => i === 0 || s > stamps[i - 1]!)
}

describe('formatDatetime', () => {
  it('writes local wall time with six-digit microseconds, zero-padded', () => {
    expect(formatDatetime(new Date(2024, 0, 2, 3, 4, 5, 6), 6007)).toBe('2024-01-02 03:04:05.006007')
  })
})

describe('systemClock', () => {
  const originalTz = process.env['TZ']
  afterEach(() => {
    if (originalTz === undefined) delete process.env['TZ']
    else process.env['TZ'] = originalTz
  })

  it('formats now() as YYYY-MM-DD HH:MM:SS.ffffff from the source', () => {
    const clock = systemClock(() => new Date(2024, 4, 6, 7, 8, 9, 123))
    const s = clock.now()
    expect(s).toMatch(STAMP)
    expect(s).toBe('2024-05-06 07:08:09.123000')
  })

  it('never repeats a stamp when the source stands still', () => {
    const clock = systemClock(() => new Date(2024, 4, 6, 7, 8, 9, 123))
    expect([clock.now(), clock.now(), clock.now()]).toEqual([
      '2024-05-06 07:08:09.123000', '2024-05-06 07:08:09.123001', '2024-05-06 07:08:09.123002',
    ])
  })

  it('rolls over milliseconds and seconds when many stamps share one source instant', () => {
    const clock = systemClock(() => new Date(2024, 11, 31, 23, 59, 59, 999))
    const stamps = Array.from({ length: 2_500 }, () => clock.now())
    expect(stamps[0]).toBe('2024-12-31 23:59:59.999000')
    expect(stamps[999]).toBe('2024-12-31 23:59:59.999999')
    expect(stamps[1000]).toBe('2025-01-01 00:00:00.000000')
    expect(stamps[2_499]).toBe('2025-01-01 00:00:00.001499')
    expect(stamps.every((s) => STAMP.test(s))).toBe(true)
    expect(strictlyIncreasing(stamps)).toBe(true)
  })

  it('keeps increasing when the source goes backwards, then follows it again once it catches up', () => {
    const src = manual(new Date(2024, 0, 1, 12, 0, 0, 500))
    const clock = systemClock(src.source)
    const a = clock.now()
    src.set(new Date(2024, 0, 1, 11, 0, 0, 0))
    const b = clock.now()
    const c = clock.now()
    src.set(new Date(2024, 0, 1, 12, 0, 1, 0))
    const d = clock.now()
    expect([a, b, c, d]).toEqual([
      '2024-01-01 12:00:00.500000', '2024-01-01 12:00:00.500001', '2024-01-01 12:00:00.500002', '2024-01-01 12:00:01.000000',
    ])
  })

  it('stays strictly increasing under a random walk of the source', () => {
    let t = new Date(2024, 5, 1).getTime()
    let seed = 42
    const rand = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
    const clock = systemClock(() => new Date(t))
    const stamps: string[] = []
    for (let i = 0; i < 5_000; i++) {
      t += Math.floor(rand() * 7) - 3
      stamps.push(clock.now())
    }
    expect(strictlyIncreasing(stamps)).toBe(true)
  })

  it('stays strictly increasing when local wall time repeats (daylight saving ends)', () => {
    process.env['TZ'] = 'Europe/Berlin'
    // 2024-10-27 03:00 CEST becomes 02:00 CET at 01:00 UTC
    const src = manual(new Date(Date.UTC(2024, 9, 27, 0, 59, 59, 999)))
    const clock = systemClock(src.source)
    const before = clock.now()
    src.set(new Date(Date.UTC(2024, 9, 27, 1, 0, 0, 0)))
    const after = [clock.now(), clock.now()]
    expect(before).toBe('2024-10-27 02:59:59.999000')
    expect(after).toEqual(['2024-10-27 02:59:59.999001', '2024-10-27 02:59:59.999002'])
    for (let i = 0; i < 996; i++) clock.now()
    expect([clock.now(), clock.now()]).toEqual(['2024-10-27 02:59:59.999999', '2024-10-27 03:00:00.000000'])
    // an hour later wall time passes 03:00 again and the source leads once more
    src.set(new Date(Date.UTC(2024, 9, 27, 2, 0, 0, 5)))
    expect(clock.now()).toBe('2024-10-27 03:00:00.005000')
  })

  it('today() is the local date of the source', () => {
    const src = manual(new Date(2024, 1, 29, 23, 59, 59, 999))
    const clock = systemClock(src.source)
    expect(clock.today()).toBe('2024-02-29')
    src.set(new Date(2024, 2, 1, 0, 0, 0, 0))
    expect(clock.today()).toBe('2024-03-01')
  })

  it('date() is never behind the last stamp handed out', () => {
    const src = manual(new Date(2024, 0, 1, 12, 0, 0, 0))
    const clock = systemClock(src.source)
    for (let i = 0; i < 1_500; i++) clock.now()
    expect(clock.date().getTime()).toBe(new Date(2024, 0, 1, 12, 0, 0, 1).getTime())
    src.set(new Date(2024, 0, 1, 13, 0, 0, 0))
    expect(clock.date().getTime()).toBe(new Date(2024, 0, 1, 13, 0, 0, 0).getTime())
  })
})
