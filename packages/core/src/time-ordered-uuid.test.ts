import { describe, expect, it } from 'vitest'
import { isTempName, tempName } from './ids.ts'
import { timeOrderedUuids } from './time-ordered-uuid.ts'

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** Bytes that are all `fill`: the random part is fixed, so only time and counter order the ids. */
const fixed = (fill: number) => (n: number) => new Uint8Array(n).fill(fill)

describe('timeOrderedUuids', () => {
  it('makes version 7 UUIDs carrying the millisecond they were made in', () => {
    const id = timeOrderedUuids(() => 0x0192_3456_789a, fixed(0xff))()
    expect(id).toMatch(UUID_V7)
    expect(id.startsWith('01923456-789a-7000-')).toBe(true)
    expect(isTempName(tempName('Sales Invoice', id))).toBe(true)
  })

  it('sorts ids in the order they were made: within one millisecond, across milliseconds, and when the clock steps back', () => {
    const clock = [5, 5, 5, 6, 6, 4, 4, 7]
    let i = 0
    const next = timeOrderedUuids(() => clock[Math.min(i++, clock.length - 1)]!, fixed(0xff))
    const ids = clock.map(() => next())
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('keeps order past 4,096 ids in one millisecond by moving on to the next', () => {
    const next = timeOrderedUuids(() => 1000, fixed(0))
    const ids = Array.from({ length: 5000 }, () => next())
    expect([...ids].sort()).toEqual(ids)
    expect(ids[4096]!.startsWith('00000000-03e9-7000-')).toBe(true)
  })

  it('keeps 62 random bits after the variant', () => {
    const a = timeOrderedUuids(() => 1, fixed(0x00))()
    const b = timeOrderedUuids(() => 1, fixed(0xff))()
    expect(a.slice(0, 19)).toBe(b.slice(0, 19))
    expect(a.slice(19)).toBe('8000-000000000000')
    expect(b.slice(19)).toBe('bfff-ffffffffffff')
  })
})
