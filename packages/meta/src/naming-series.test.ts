import { describe, it, expect } from 'vitest'
import { FrappeError } from './errors.ts'
import {
  clockFromDate, clockTimestamp, consecutiveWeekNumber, formatSeriesName, isoWeekNumber,
  parseNamingSeries, renderPartValue, seriesKey, type NamingClock, type ParsedSeries,
} from './naming-series.ts'

const clock = (year: number, month: number, day: number, extra: Partial<NamingClock> = {}): NamingClock => ({
  year, month, day, hour: 10, minute: 20, second: 30, ...extra,
})
const MAR_15_2026 = clock(2026, 3, 15)

function name(series: string, doc?: Record<string, unknown>, counter = 1, at: NamingClock = MAR_15_2026): string {
  return formatSeriesName(parseNamingSeries(series), doc, at, counter)
}
function key(series: string, doc?: Record<string, unknown>, at: NamingClock = MAR_15_2026): string {
  return seriesKey(parseNamingSeries(series), doc, at)
}
function catchError(fn: () => unknown): FrappeError {
  try {
    fn()
  } catch (e) {
    if (e instanceof FrappeError) return e
    throw e
  }
  throw new Error('expected a FrappeError')
}

describe('parseNamingSeries', () => {
  it('splits on dots and appends the default counter when the series has no #', () => {
    const p = parseNamingSeries('ACC-SINV-.YYYY.-')
    expect(p.series).toBe('ACC-SINV-.YYYY.-.#####')
    expect(p.parts).toEqual([
      { kind: 'word', text: 'ACC-SINV-' },
      { kind: 'date', text: 'YYYY' },
      { kind: 'word', text: '-' },
      { kind: 'counter', text: '#####', width: 5 },
    ])
    expect(p.hasCounter).toBe(true)
    expect(p.counterWidth).toBe(5)
  })

  it('keeps a series that already has # as it is', () => {
    const p = parseNamingSeries('HR-EMP-.####')
    expect(p.series).toBe('HR-EMP-.####')
    expect(p.counterWidth).toBe(4)
  })

  it('drops empty parts from doubled dots', () => {
    expect(parseNamingSeries('A..B.###').parts.map((x) => x.text)).toEqual(['A', 'B', '###'])
  })

  it('classifies date tokens, timestamp, braced fields and later hash parts', () => {
    const p = parseNamingSeries('X.YY.MM.DD.WW.timestamp.{company}.###.##')
    expect(p.parts.map((x) => x.kind)).toEqual(['word', 'date', 'date', 'date', 'date', 'timestamp', 'braced', 'counter', 'extra-hash'])
    expect(p.parts[6]).toEqual({ kind: 'braced', text: '{company}', fieldname: 'company' })
  })

  it('counts any part starting with # as the counter, its width being the whole part', () => {
    const p = parseNamingSeries('A.#x')
    expect(p.counterWidth).toBe(2)
    expect(formatSeriesName(p, undefined, MAR_15_2026, 3)).toBe('A03')
  })

  it('accepts the series Frappe accepts', () => {
    for (const s of ['SINV-', 'SI-.{field}.', 'SI-#.###', 'DE/./.YY./.MM./.#####', 'ÜBER 1-.###', 'ACC-SINV-RET-.YYYY.-', '.#####']) {
      expect(() => parseNamingSeries(s), s).not.toThrow()
    }
  })

  it('refuses special characters with InvalidNamingSeriesError (417)', () => {
    for (const s of ['$INV-', 'WINDOWS\\NAMING', 'A<B>.###', 'A:B', 'A\tB.###', "O'NEIL.###"]) {
      const e = catchError(() => parseNamingSeries(s))
      expect(e.excType, s).toBe('InvalidNamingSeriesError')
      expect(e.httpStatus).toBe(417)
      expect(e.message).toMatch(/^Special Characters except '-', '#', '\.', '\/', '\{' and '\}' not allowed in naming series <strong>/)
    }
  })

  it('refuses a series with # but no dot', () => {
    const e = catchError(() => parseNamingSeries('PRE####'))
    expect(e.excType).toBe('InvalidNamingSeriesError')
    expect(e.message).toBe('Invalid naming series <strong>PRE####</strong>: dot (.) missing')
  })

  it('checks the dot before the characters, as Frappe does', () => {
    expect(catchError(() => parseNamingSeries('$PRE##')).message).toMatch(/dot \(\.\) missing/)
  })

  it("treats \\w as Python does: letters and digits of any script, not combining marks", () => {
    expect(() => parseNamingSeries('٣.###')).not.toThrow()
    expect(() => parseNamingSeries('名前-.###')).not.toThrow()
    expect(() => parseNamingSeries('x\u0301.###')).toThrow(FrappeError)
  })

  it("accepts one trailing newline, since Python's $ matches before it", () => {
    expect(() => parseNamingSeries('ABC.###\n')).not.toThrow()
    expect(() => parseNamingSeries('ABC.###\n\n')).toThrow(FrappeError)
    expect(() => parseNamingSeries('ABC\n.###')).toThrow(FrappeError)
  })

  it('skips validation on request', () => {
    expect(parseNamingSeries('$INV', { validate: false }).series).toBe('$INV.#####')
  })
})

describe('seriesKey and formatSeriesName', () => {
  it('builds the Sales Invoice key and name', () => {
    expect(key('ACC-SINV-.YYYY.-')).toBe('ACC-SINV-2026-')
    expect(name('ACC-SINV-.YYYY.-')).toBe('ACC-SINV-2026-00001')
    expect(name('ACC-SINV-.YYYY.-', undefined, 42)).toBe('ACC-SINV-2026-00042')
  })

  it('lets the counter outgrow its width instead of wrapping', () => {
    expect(name('ACC-SINV-.YYYY.-', undefined, 123456)).toBe('ACC-SINV-2026-123456')
    expect(name('A.##', undefined, 100)).toBe('A100')
  })

  it('pads to the width of the hash run', () => {
    expect(name('A.#', undefined, 7)).toBe('A7')
    expect(name('A.###', undefined, 7)).toBe('A007')
    expect(name('A.########', undefined, 7)).toBe('A00000007')
  })

  it('formats a negative counter like Python %0Nd and refuses fractions', () => {
    expect(name('A.#####', undefined, -3)).toBe('A-0003')
    expect(() => name('A.###', undefined, 1.5)).toThrow(TypeError)
  })

  it("computes Frappe's get_prefix test cases", () => {
    expect(key('SINV-.YY.-.####')).toBe('SINV-26-')
    expect(key('SINV-.YY.-.MM.-.####')).toBe('SINV-26-03-')
    expect(key('SINV')).toBe('SINV')
    expect(key('SINV-.')).toBe('SINV-')
    expect(key('.#####')).toBe('')
  })

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

  it('puts the key before the counter and keeps evaluating after it', () => {
    const p = parseNamingSeries('TEST1-.#####.-2021-22')
    expect(seriesKey(p, undefined, MAR_15_2026)).toBe('TEST1-')
    expect(formatSeriesName(p, undefined, MAR_15_2026, 3)).toBe('TEST1-00003-2021-22')
    expect(seriesKey(parseNamingSeries('.#####.-.YYYY'), undefined, MAR_15_2026)).toBe('')
    expect(name('.#####.-.YYYY')).toBe('00001-2026')
  })

  it('counts only the first hash run; later ones render nothing', () => {
    const p = parseNamingSeries('A.###.-.##.-Z')
    expect(seriesKey(p, undefined, MAR_15_2026)).toBe('A')
    expect(formatSeriesName(p, undefined, MAR_15_2026, 9)).toBe('A009--Z')
  })

  it('uses a doc field when a part equals a fieldname of the doc', () => {
    expect(key('INV-.company.-', { company: 'ACME' })).toBe('INV-ACME-')
    expect(name('INV-.company.-', { company: 'ACME' }, 2)).toBe('INV-ACME-00002')
  })

  it('keeps a part literal when the doc has no such key, or when there is no doc', () => {
    expect(key('INV-.company.-', { customer: 'x' })).toBe('INV-company-')
    expect(key('INV-.company.-')).toBe('INV-company-')
  })

  it('renders a present but empty field as nothing (frappe test_naming_with_empty_field)', () => {
    const doc = { request_structure: null }
    expect(name('KOOH-.{request_structure}.-.request_structure.-.####', doc)).toBe('KOOH---0001')
  })

  it('reads braced parts from the doc, empty when absent (test_naming_using_fields)', () => {
    const doc = { webhook_docevent: 'on_update' }
    expect(name('KOOH-.{webhook_docevent}.', doc)).toBe('KOOH-on_update00001')
    expect(key('KOOH-.{webhook_docevent}.-', doc)).toBe('KOOH-on_update-')
    expect(key('KOOH-.{missing}.-', doc)).toBe('KOOH--')
    expect(key('KOOH-.{missing}.-')).toBe('KOOH-{missing}-')
  })

  it('handles empty parts from doubled dots (test_naming_with_empty_part)', () => {
    expect(name('KOOH-..{webhook_docevent}.-.####', { webhook_docevent: 'on_update' })).toBe('KOOH-on_update-0001')
  })

  it('drops unsupported values (test_naming_with_unsupported_part)', () => {
    expect(name('KOOH-..{webhook_docevent}.-.####', { webhook_docevent: { dict: 'not supported' } })).toBe('KOOH--0001')
  })

  it('renders ints, bools and datetimes; drops floats, lists and null', () => {
    expect(key('A.{n}.-', { n: 42 })).toBe('A42-')
    expect(key('A.{n}.-', { n: -7 })).toBe('A-7-')
    expect(key('A.{n}.-', { n: 1.5 })).toBe('A-')
    expect(key('A.{n}.-', { n: true })).toBe('ATrue-')
    expect(key('A.{n}.-', { n: [1] })).toBe('A-')
    expect(key('A.{n}.-', { n: null })).toBe('A-')
    expect(key('A.{n}.-', { n: new Date(2026, 0, 2, 3, 4, 5) })).toBe('A2026-01-02 03:04:05-')
  })

  it('appends string values as they are, without stripping', () => {
    expect(key('A.{n}.-', { n: ' x ' })).toBe('A x -')
    expect(key('A.{n}.-', { n: '2026-03-15' })).toBe('A2026-03-15-')
  })

  it('lets date tokens win over fields of the same name', () => {
    expect(key('A.YYYY.-', { YYYY: 'field' })).toBe('A2026-')
  })

  it('calls naming variables (naming_series_variables hook) for unknown parts', () => {
    const variables = { PM: (_doc: unknown, part: string) => (part === 'PM' ? '03' : 'x') }
    const p = parseNamingSeries('TODO-.PM.-.####')
    expect(formatSeriesName(p, {}, MAR_15_2026, 1, { variables })).toBe('TODO-03-0001')
    expect(seriesKey(p, {}, MAR_15_2026, { variables })).toBe('TODO-03-')
    // a doc field of the same name wins
    expect(seriesKey(p, { PM: 'field' }, MAR_15_2026, { variables })).toBe('TODO-field-')
    // and a non-string result is rendered like a field value
    expect(seriesKey(p, {}, MAR_15_2026, { variables: { PM: () => 2026 } })).toBe('TODO-2026-')
  })

  it('gives a fixed name and no key for a series without a counter part', () => {
    const p: ParsedSeries = parseNamingSeries('A.B#C')
    expect(p.hasCounter).toBe(false)
    expect(formatSeriesName(p, undefined, MAR_15_2026, 5)).toBe('AB#C')
    const e = catchError(() => seriesKey(p, undefined, MAR_15_2026))
    expect(e.excType).toBe('ValidationError')
    expect(e.message).toBe('Invalid Naming Series: A.B#C')
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

describe('renderPartValue', () => {
  it('follows NAMING_SERIES_PART_TYPES', () => {
    expect(renderPartValue('a ')).toBe('a ')
    expect(renderPartValue(0)).toBe('0')
    expect(renderPartValue(false)).toBe('False')
    expect(renderPartValue(12n)).toBe('12')
    expect(renderPartValue(0.5)).toBe('')
    expect(renderPartValue(undefined)).toBe('')
    expect(renderPartValue({})).toBe('')
  })
})
