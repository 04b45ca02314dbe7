import { describe, it, expect } from 'vitest'
import { cintBig, codePointLength, pyFloatRepr, pyStr, pyStrip, pyTitle, pyTruthy, pyZeroPad } from './naming-text.ts'

describe('Python text helpers used by naming', () => {
  it('pyStrip strips what str.strip() strips', () => {
    expect(pyStrip(' \t\n\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u2000\u3000a b\u2028\u2029\u202f\u205f ')).toBe('a b')
    expect(pyStrip('\ufeffa\u200b')).toBe('\ufeffa\u200b')
  })

  it('cintBig matches int(float(s)), 0 on failure', () => {
    // Cases checked against CPython 3.
    const cases: [string, bigint][] = [
      [' 3 ', 3n], ['1_000', 1000n], ['1.9', 1n], ['-1.9', -1n], ['1e3', 1000n], ['abc', 0n], ['', 0n],
      ['inf', 0n], ['nan', 0n], ['.5', 0n], ['5.', 5n], ['1__0', 0n], ['_1', 0n], ['0x10', 0n], ['+7', 7n],
      ['1e400', 0n], ['99999999999999999999', 100000000000000000000n],
    ]
    for (const [s, v] of cases) expect(cintBig(s), JSON.stringify(s)).toBe(v)
  })

  it('pyFloatRepr matches repr(float)', () => {
    const cases: [number, string][] = [
      [1e16, '1e+16'], [1.5e-5, '1.5e-05'], [0.0001, '0.0001'], [123456.789, '123456.789'], [-2.5, '-2.5'],
      [1e22, '1e+22'], [5e-324, '5e-324'], [2, '2.0'], [0, '0.0'], [-0, '-0.0'], [0.1 + 0.2, '0.30000000000000004'],
      [1234567890123456.8, '1234567890123456.8'], [Infinity, 'inf'], [Number.NaN, 'nan'],
    ]
    for (const [x, s] of cases) expect(pyFloatRepr(x), String(x)).toBe(s)
  })

  it('pyStr is str() of the value Frappe would hold', () => {
    expect(pyStr(null)).toBe('')
    expect(pyStr(undefined)).toBe('')
    expect(pyStr(true)).toBe('True')
    expect(pyStr(12)).toBe('12')
    expect(pyStr(1e21)).toBe('1000000000000000000000')
    expect(pyStr(2.5)).toBe('2.5')
    expect(pyStr(new Date(2026, 0, 2, 3, 4, 5, 6))).toBe('2026-01-02 03:04:05.006000')
  })

  it('pyTruthy follows Python truthiness', () => {
    for (const v of [undefined, null, false, 0, '', [], {}, 0n]) expect(pyTruthy(v)).toBe(false)
    for (const v of [true, 1, ' ', '0', [0], { a: 1 }, Number.NaN, new Date(0)]) expect(pyTruthy(v)).toBe(true)
  })

  it('pyZeroPad matches "%0Nd"', () => {
    expect(pyZeroPad(7, 5)).toBe('00007')
    expect(pyZeroPad(123, 2)).toBe('123')
    expect(pyZeroPad(-3, 5)).toBe('-0003')
    expect(pyZeroPad(0, 1)).toBe('0')
  })

  it('pyTitle matches str.title()', () => {
    expect(pyTitle("they're bill's friends ǆ 3rd")).toBe("They'Re Bill'S Friends ǅ 3Rd")
  })

  it('codePointLength counts code points', () => {
    expect(codePointLength('a😀b')).toBe(3)
  })
})
