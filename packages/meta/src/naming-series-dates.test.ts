import { describe, it, expect } from 'vitest'
import { clockFromDate, clockTimestamp, consecutiveWeekNumber, isoWeekNumber } from './naming-series.ts'
import { clockAt as clock, seriesName as name } from './testing/naming-helpers.ts'

describe('series date parts: from the clock', () => {
  it('renders YY, YYYY, MM, DD from the clock, zero-padded', () => {
    expect(name('DE./.YY./.MM./.#####')).toBe('DE/26/03/00001')
    expect(name('X.DD.-.###')).toBe('X15-001')
    expect(name('X.YYYY.MM.DD.-.###', undefined, 1, clock(2005, 1, 2))).toBe('X20050102-001')
    expect(name('X.YY.-.###', undefined, 1, clock(2005, 1, 2))).toBe('X05-001')
  })

  it('renders WW as the consecutive ISO week', () => {
    expect(name('W.WW.-.##')).toBe('W11-01')
    expect(name('W.WW.-.##', undefined, 1, clock(2027, 1, 1))).toBe('W00-01')
    expect(name('W.WW.-.##', undefined, 1, clock(2024, 12, 30))).toBe('W53-01')
  })

  it('renders timestamp as Python str(datetime)', () => {
    expect(name('T-.timestamp.-.##', undefined, 1, clock(2026, 3, 5, { hour: 4, minute: 7, second: 9, microsecond: 123000 })))
      .toBe('T-2026-03-05 04:07:09.123000-01')
    expect(clockTimestamp(clock(2026, 3, 5, { hour: 4, minute: 7, second: 9 }))).toBe('2026-03-05 04:07:09')
    expect(clockTimestamp(clock(2026, 3, 5, { microsecond: 5 }))).toBe('2026-03-05 10:20:30.000005')
  })
})

describe('WW: consecutive ISO week number', () => {
  it("matches frappe test_determine_consecutive_week_number", () => {
    expect(consecutiveWeekNumber(2019, 12, 31)).toBe('53')
    expect(consecutiveWeekNumber(2020, 1, 1)).toBe('01')
    expect(consecutiveWeekNumber(2020, 1, 15)).toBe('03')
    expect(consecutiveWeekNumber(2021, 1, 1)).toBe('00')
    expect(consecutiveWeekNumber(2021, 12, 31)).toBe('52')
  })

  it('maps January days of the previous ISO year to 00 (week 52 and 53)', () => {
    expect(isoWeekNumber(2023, 1, 1)).toBe(52)
    expect(consecutiveWeekNumber(2023, 1, 1)).toBe('00')
    expect(isoWeekNumber(2016, 1, 3)).toBe(53)
    expect(consecutiveWeekNumber(2016, 1, 3)).toBe('00')
    expect(consecutiveWeekNumber(2016, 1, 4)).toBe('01')
    expect(consecutiveWeekNumber(2027, 1, 1)).toBe('00')
  })

  it('maps December days of the next ISO year to 53', () => {
    expect(isoWeekNumber(2024, 12, 30)).toBe(1)
    expect(consecutiveWeekNumber(2024, 12, 30)).toBe('53')
    expect(consecutiveWeekNumber(2008, 12, 29)).toBe('53')
  })

  it('keeps real week 53 in December and zero-pads small weeks', () => {
    expect(consecutiveWeekNumber(2026, 12, 31)).toBe('53')
    expect(consecutiveWeekNumber(2020, 12, 31)).toBe('53')
    expect(consecutiveWeekNumber(2026, 1, 1)).toBe('01')
    expect(consecutiveWeekNumber(2026, 3, 15)).toBe('11')
  })

  it('agrees with ISO weeks for every day of several years', () => {
    // Independent check: ISO week = week of the Thursday in the same Mon–Sun week.
    for (const year of [2015, 2020, 2021, 2024, 2026]) {
      for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
        const dow = (d.getUTCDay() + 6) % 7
        const thursday = new Date(d.getTime() + (3 - dow) * 86_400_000)
        const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 1))
        while (firstThursday.getUTCDay() !== 4) firstThursday.setUTCDate(firstThursday.getUTCDate() + 1)
        const expected = Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 86_400_000)) + 1
        expect(isoWeekNumber(year, d.getUTCMonth() + 1, d.getUTCDate())).toBe(expected)
      }
    }
  })
})

describe('clockFromDate', () => {
  it("uses the Date's local parts", () => {
    expect(clockFromDate(new Date(2026, 2, 15, 10, 20, 30, 123))).toEqual({
      year: 2026, month: 3, day: 15, hour: 10, minute: 20, second: 30, microsecond: 123000,
    })
  })

  it('refuses an invalid Date', () => {
    expect(() => clockFromDate(new Date(Number.NaN))).toThrow(TypeError)
  })
})
