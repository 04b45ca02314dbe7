import { describe, it, expect } from 'vitest'
import { FrappeError } from './errors.ts'
import { formatSeriesName, parseNamingSeries, seriesKey, type ParsedSeries } from './naming-series.ts'
import { frappeErrorOf } from './testing/frappe-error-of.ts'
import { MAR_15_2026, seriesKeyOf as key, seriesName as name } from './testing/naming-helpers.ts'

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
      const e = frappeErrorOf(() => parseNamingSeries(s))
      expect(e.excType, s).toBe('InvalidNamingSeriesError')
      expect(e.httpStatus).toBe(417)
      expect(e.message).toMatch(/^Special Characters except '-', '#', '\.', '\/', '\{' and '\}' not allowed in naming series <strong>/)
    }
  })

  it('refuses a series with # but no dot', () => {
    const e = frappeErrorOf(() => parseNamingSeries('PRE####'))
    expect(e.excType).toBe('InvalidNamingSeriesError')
    expect(e.message).toBe('Invalid naming series <strong>PRE####</strong>: dot (.) missing')
  })

  it('checks the dot before the characters, as Frappe does', () => {
    expect(frappeErrorOf(() => parseNamingSeries('$PRE##')).message).toMatch(/dot \(\.\) missing/)
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

describe('seriesKey and formatSeriesName: key and counter', () => {
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

  it('gives a fixed name and no key for a series without a counter part', () => {
    const p: ParsedSeries = parseNamingSeries('A.B#C')
    expect(p.hasCounter).toBe(false)
    expect(formatSeriesName(p, undefined, MAR_15_2026, 5)).toBe('AB#C')
    const e = frappeErrorOf(() => seriesKey(p, undefined, MAR_15_2026))
    expect(e.excType).toBe('ValidationError')
    expect(e.message).toBe('Invalid Naming Series: A.B#C')
  })
})
