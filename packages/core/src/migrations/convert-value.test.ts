import { describe, expect, it } from 'vitest'
import { loadDocField, type DocField } from '@outpost/meta'
import { convertValue } from './convert-value.ts'

const field = (fieldtype: string, extra: Record<string, unknown> = {}): DocField => loadDocField({ fieldname: 'f', label: 'F', fieldtype, ...extra }, 'Thing')
const convert = (from: string, to: string, value: unknown): unknown => {
  const c = convertValue(field(from), field(to), value)
  return c.ok ? { value: c.value } : { fails: c.reason }
}

describe('convertValue: what a fieldtype change keeps', () => {
  it('converts between the number types as the database does', () => {
    expect(convert('Int', 'Float', 7)).toEqual({ value: 7 })
    expect(convert('Int', 'Currency', -3)).toEqual({ value: -3 })
    expect(convert('Currency', 'Float', 12.5)).toEqual({ value: 12.5 })
    expect(convert('Float', 'Percent', 0.25)).toEqual({ value: 0.25 })
    expect(convert('Float', 'Int', 4)).toEqual({ value: 4 })
    expect(convert('Currency', 'Int', 2.5)).toEqual({ fails: '2.5 has a fraction, and Int holds whole numbers' })
    expect(convert('Check', 'Int', 1)).toEqual({ value: 1 })
  })

  it('keeps text between the text types and writes numbers and dates as text', () => {
    expect(convert('Data', 'Small Text', 'hello')).toEqual({ value: 'hello' })
    expect(convert('Small Text', 'Text', 'line 1\nline 2')).toEqual({ value: 'line 1\nline 2' })
    expect(convert('Text', 'Data', 'short')).toEqual({ value: 'short' })
    expect(convert('Data', 'Select', 'Gold')).toEqual({ value: 'Gold' })
    expect(convert('Int', 'Data', 42)).toEqual({ value: '42' })
    expect(convert('Currency', 'Data', 9.75)).toEqual({ value: '9.75' })
    expect(convert('Check', 'Data', 1)).toEqual({ value: '1' })
    expect(convert('Date', 'Data', '2026-01-02')).toEqual({ value: '2026-01-02' })
    expect(convert('JSON', 'Text', { a: 1 })).toEqual({ value: '{"a":1}' })
  })

  it('reads numbers from numeric text and refuses other text', () => {
    expect(convert('Data', 'Int', '12')).toEqual({ value: 12 })
    expect(convert('Data', 'Float', ' 3.5 ')).toEqual({ value: 3.5 })
    expect(convert('Data', 'Int', 'twelve')).toEqual({ fails: '"twelve" is not a whole number' })
    expect(convert('Data', 'Int', '1.5')).toEqual({ fails: '"1.5" is not a whole number' })
    expect(convert('Small Text', 'Currency', '1,000')).toEqual({ fails: '"1,000" is not a number' })
  })

  it('turns a value into a Check only from 0 and 1', () => {
    expect(convert('Int', 'Check', 0)).toEqual({ value: 0 })
    expect(convert('Int', 'Check', 1)).toEqual({ value: 1 })
    expect(convert('Data', 'Check', '1')).toEqual({ value: 1 })
    expect(convert('Int', 'Check', 5)).toEqual({ fails: '5 is neither 0 nor 1' })
    expect(convert('Data', 'Check', 'yes')).toEqual({ fails: '"yes" is neither 0 nor 1' })
  })

  it('parses dates and keeps the date or the time of a datetime', () => {
    expect(convert('Data', 'Date', '2026-03-04')).toEqual({ value: '2026-03-04' })
    expect(convert('Datetime', 'Date', '2026-03-04 10:20:30')).toEqual({ value: '2026-03-04' })
    expect(convert('Date', 'Datetime', '2026-03-04')).toEqual({ value: '2026-03-04 00:00:00' })
    expect(convert('Datetime', 'Time', '2026-03-04 10:20:30')).toEqual({ value: '10:20:30' })
    expect(convert('Data', 'Date', 'next tuesday')).toEqual({ fails: '"next tuesday" is not a valid date' })
    expect(convert('Int', 'Date', 20260304)).toEqual({ fails: '20260304 is not a date' })
    expect(convert('Date', 'Int', '2026-03-04')).toEqual({ fails: '"2026-03-04" is not a whole number' })
  })

  it('gives an empty value the empty value of the new type, and leaves no value alone', () => {
    expect(convert('Data', 'Int', '')).toEqual({ value: 0 })
    expect(convert('Data', 'Currency', null)).toEqual({ value: 0 })
    expect(convert('Int', 'Data', null)).toEqual({ value: null })
    expect(convert('Data', 'Date', '')).toEqual({ value: null })
    expect(convertValue(field('Data'), field('Int'), undefined)).toEqual({ ok: true, value: undefined })
  })

  it('parses JSON text and refuses what is not JSON', () => {
    expect(convert('Code', 'JSON', '{"a":[1,2]}')).toEqual({ value: { a: [1, 2] } })
    expect(convert('Code', 'JSON', '{oops')).toEqual({ fails: '"{oops" is not valid JSON' })
  })

  it('keeps child rows only in a table of the same child DocType', () => {
    const rows = [{ name: 'r1', qty: 1 }]
    expect(convertValue(field('Table', { options: 'Row' }), field('Table MultiSelect', { options: 'Row' }), rows)).toEqual({ ok: true, value: rows })
    expect(convertValue(field('Table', { options: 'Row' }), field('Table', { options: 'Other Row' }), rows).ok).toBe(false)
    expect(convert('Data', 'Table', 'x')).toMatchObject({ fails: expect.stringMatching(/cannot become rows/) })
  })
})
