import { describe, it, expect } from 'vitest'
import { FrappeError } from './errors.ts'
import { frappeErrorOf } from './testing/frappe-error-of.ts'
import { namingTestDocType as doctype, planAt as plan, seriesPlan as series, withSeries } from './testing/naming-helpers.ts'

describe('planName: naming_series:', () => {
  const dt = withSeries('ACC-SINV-.YYYY.-\nACC-SINV-RET-.YYYY.-')

  it("uses the doc's naming_series", () => {
    const p = series(plan(dt, { naming_series: 'ACC-SINV-RET-.YYYY.-' }))
    expect(p.rule).toBe('naming_series')
    expect(p.key).toBe('ACC-SINV-RET-2026-')
    expect(p.draws).toBe(1)
    expect(p.format(1)).toBe('ACC-SINV-RET-2026-00001')
    expect(p.namingSeries).toBe('ACC-SINV-RET-.YYYY.-')
  })

  it('falls back to the first non-empty option', () => {
    const p = series(plan(withSeries('\n\nSINV-.YY.-\nOTHER-')))
    expect(p.key).toBe('SINV-26-')
    expect(p.format(7)).toBe('SINV-26-00007')
    expect(p.namingSeries).toBe('SINV-.YY.-')
  })

  it('refuses when there is no series at all', () => {
    for (const dt2 of [withSeries(''), doctype({ autoname: 'naming_series:' })]) {
      const e = frappeErrorOf(() => plan(dt2))
      expect(e.excType).toBe('ValidationError')
      expect(e.message).toBe('Naming Series mandatory')
    }
  })

  it('always appends .#####, so the first hash run of the series wins', () => {
    expect(series(plan(dt, { naming_series: 'SINV-.####' })).format(3)).toBe('SINV-0003')
    // '#' inside a part is no counter, so the appended run is
    const p = series(plan(dt, { naming_series: 'A.B#C' }))
    expect(p.key).toBe('AB#C')
    expect(p.format(3)).toBe('AB#C00003')
  })

  it('validates the series', () => {
    expect(frappeErrorOf(() => plan(dt, { naming_series: '$INV-' })).excType).toBe('InvalidNamingSeriesError')
    expect(frappeErrorOf(() => plan(dt, { naming_series: 7 })).excType).toBe('InvalidNamingSeriesError')
  })

  it('reads fields of the doctype, empty when unset, and ignores a client-sent name', () => {
    expect(series(plan(dt, { naming_series: 'SINV-.company.-', company: 'ACME', name: 'X' })).key).toBe('SINV-ACME-')
    expect(series(plan(dt, { naming_series: 'SINV-.company.-' })).key).toBe('SINV--')
    expect(series(plan(dt, { naming_series: 'SINV-.{company}.-' })).key).toBe('SINV--')
    // the name was cleared before naming; docstatus defaults to 0
    expect(series(plan(dt, { naming_series: 'S.name.docstatus.-', name: 'X' })).key).toBe('S0-')
    // not a field of the doctype and not in the doc: literal
    expect(series(plan(dt, { naming_series: 'SINV-.territory.-' })).key).toBe('SINV-territory-')
  })

  it('uses date parts from the clock, not from the posting date', () => {
    expect(series(plan(dt, { posting_date: '2019-01-01' })).key).toBe('ACC-SINV-2026-')
  })

  it('passes naming variables through (ERPNext FY)', () => {
    const p = series(plan(dt, { naming_series: 'SINV-.FY.-' }, { variables: { FY: () => '2025-2026' } }))
    expect(p.key).toBe('SINV-2025-2026-')
  })

  it('validates the formatted name', () => {
    const p = series(plan(dt, { naming_series: '.company.', company: 'a<b' }))
    expect(() => p.format(1)).toThrow(FrappeError)
    const q = series(plan(dt, { naming_series: '.company.', company: '  padded' }))
    expect(q.key).toBe('  padded')
    expect(q.format(1)).toBe('padded00001')
  })
})

describe('planName: autoname with #', () => {
  it('is a series on the autoname', () => {
    const p = series(plan(doctype({ autoname: 'HR-EMP-.####' })))
    expect(p.rule).toBe('series')
    expect(p.key).toBe('HR-EMP-')
    expect(p.format(12)).toBe('HR-EMP-0012')
    expect(p.namingSeries).toBeUndefined()
  })

  it('needs a dot', () => {
    expect(frappeErrorOf(() => plan(doctype({ autoname: 'PRE####' }))).excType).toBe('InvalidNamingSeriesError')
  })

  it('is a fixed name when no part starts with #', () => {
    expect(plan(doctype({ autoname: 'A.B#C' }))).toEqual({ kind: 'final', name: 'AB#C', rule: 'series' })
  })
})

describe('planName: format:', () => {
  it('replaces braced params (frappe test_format_autoname)', () => {
    const p = series(plan(doctype({ autoname: 'format:TODO-{MM}-{title}-{##}' }), { title: 'Format' }))
    expect(p.rule).toBe('format')
    expect(p.format(5)).toBe('TODO-03-Format-05')
  })

  it('draws from the shared empty-prefix counter, as v15 does', () => {
    expect(series(plan(doctype({ autoname: 'format:TODO-{MM}-{title}-{##}' }), { title: 'Format' })).key).toBe('')
    expect(series(plan(doctype({ autoname: 'format:LOG-{#####}' }))).key).toBe('')
  })

  it('renders WW (test_format_autoname_for_consecutive_week_number)', () => {
    expect(series(plan(doctype({ autoname: 'format:TODO-{WW}-{##}' }))).format(1)).toBe('TODO-11-01')
  })

  it('renders datetime values of fields (test_format_autoname_for_datetime_field)', () => {
    const dt = doctype({ autoname: 'format:TODO-{posting_date}-{##}' })
    expect(series(plan(dt, { posting_date: '2026-03-15' })).format(1)).toBe('TODO-2026-03-15-01')
    expect(series(plan(dt, { posting_date: new Date(2026, 2, 15, 8, 9, 10) })).format(1)).toBe('TODO-2026-03-15 08:09:10-01')
  })

  it('is final without a counter', () => {
    expect(plan(doctype({ autoname: 'format:{company}-{YYYY}' }), { company: 'ACME' })).toEqual({ kind: 'final', name: 'ACME-2026', rule: 'format' })
  })

  it('takes one counter value per {#} group', () => {
    const p = series(plan(doctype({ autoname: 'format:A-{##}-{###}' })))
    expect(p.draws).toBe(2)
    expect(p.format(4)).toBe('A-04-005')
  })

  it('keeps unknown params as their text without braces, and other braces as they are', () => {
    expect(plan(doctype({ autoname: 'format:X-{foo}-{a b}-{x.y}' }))).toMatchObject({ name: 'X-foo-a b-{x.y}' })
  })

  it('renders an empty field as nothing and a float field not at all', () => {
    expect(plan(doctype({ autoname: 'format:X-{company}-{amount}' }), { amount: 2.5 })).toMatchObject({ name: 'X--' })
  })

  it('splits at the first colon only', () => {
    expect(plan(doctype({ autoname: 'format:A:{YY}' }))).toMatchObject({ name: 'A:26' })
  })
})
