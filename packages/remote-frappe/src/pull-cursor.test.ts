import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, shiftTimestamp } from './pull-cursor.ts'

describe('shiftTimestamp', () => {
  it('moves a naive microsecond stamp by milliseconds', () => {
    expect(shiftTimestamp('2026-03-15 10:00:00.000250', -120_000)).toBe('2026-03-15 09:58:00.000250')
    expect(shiftTimestamp('2026-03-01 00:00:01.5', -2_000)).toBe('2026-02-28 23:59:59.500000')
    expect(shiftTimestamp('2026-01-01 00:00:00', -1)).toBe('2025-12-31 23:59:59.999000')
    expect(shiftTimestamp('2026-03-15T10:00:00.123456', 0)).toBe('2026-03-15 10:00:00.123456')
  })

  it('leaves what it cannot parse alone', () => {
    expect(shiftTimestamp('yesterday', -1000)).toBe('yesterday')
  })
})

describe('cursor', () => {
  it('round-trips and restarts on anything unreadable', () => {
    const c = { modified: '2026-03-15 10:00:00.000001', name: 'ACC-SINV-2026-00001', run: true as const, total: 40 }
    expect(decodeCursor(encodeCursor(c))).toEqual(c)
    expect(decodeCursor(encodeCursor({ modified: 'm', name: 'n' }))).toEqual({ modified: 'm', name: 'n' })
    expect(decodeCursor(undefined)).toBeUndefined()
    expect(decodeCursor('{"seq": 12}')).toBeUndefined()
    expect(decodeCursor('not json')).toBeUndefined()
  })
})
