import { describe, expect, it } from 'vitest'
import { normalizeDate, normalizeDatetime, normalizeTime } from './date-time.ts'

describe('normalizeDate', () => {
  it.each([
    ['2024-02-29', '2024-02-29'],
    [' 2024-01-05 ', '2024-01-05'],
    ['2024-01-05 10:11:12', '2024-01-05'],
    ['2024-01-05T10:11:12.123', '2024-01-05'],
    ['', null],
    ['0000-00-00', null],
    ['0001-01-01', null],
  ])('%j → %j', (input, out) => expect(normalizeDate(input)).toBe(out))

  it.each(['2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '05-01-2024', '2024/01/05', '2024-1-5', '2024-01-05X', '2024-01-05 25:00', 'today', '2024-01-05 10:00:00Z'])(
    'rejects %j', (input) => expect(normalizeDate(input)).toBeUndefined(),
  )
})

describe('normalizeDatetime', () => {
  it.each([
    ['2024-01-05 10:11:12', '2024-01-05 10:11:12'],
    ['2024-01-05T10:11:12', '2024-01-05 10:11:12'],
    ['2024-01-05T10:11', '2024-01-05 10:11:00'],
    ['2024-01-05', '2024-01-05 00:00:00'],
    ['2024-01-05 10:11:12.5', '2024-01-05 10:11:12.500000'],
    ['2024-01-05 10:11:12.123456', '2024-01-05 10:11:12.123456'],
    ['2024-01-05 10:11:12.000000', '2024-01-05 10:11:12'],
    ['2024-01-05 9:05:00', '2024-01-05 09:05:00'],
    ['', null],
  ])('%j → %j', (input, out) => expect(normalizeDatetime(input)).toBe(out))

  it.each(['2024-01-05 10:11:12Z', '2024-01-05T10:11:12+05:30', '2024-01-05 10:60:00', '2024-01-05 10:11:12.1234567', 'yesterday'])(
    'rejects %j (no time zones, no free text)', (input) => expect(normalizeDatetime(input)).toBeUndefined(),
  )
})

describe('normalizeTime', () => {
  it.each([
    ['10:11:12', '10:11:12'],
    ['9:00:00', '09:00:00'],
    ['09:30', '09:30:00'],
    ['23:59:59.999999', '23:59:59.999999'],
    ['10:11:12.000', '10:11:12'],
    ['', null],
  ])('%j → %j', (input, out) => expect(normalizeTime(input)).toBe(out))

  it.each(['24:00:00', '10:61:00', '10:00:61', '1 day, 2:00:00', 'noon', '10'])('rejects %j', (input) => expect(normalizeTime(input)).toBeUndefined())
})
