import { describe, it, expect } from 'vitest'
import { formatSeriesName, parseNamingSeries, renderPartValue, seriesKey } from './naming-series.ts'
import { MAR_15_2026, seriesKeyOf as key, seriesName as name } from './testing/naming-helpers.ts'

describe('series field parts: from the document and naming variables', () => {
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
