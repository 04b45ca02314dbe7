import { describe, it, expect } from 'vitest'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { loadDocType, type DocType } from './doctype.ts'
import { formatSeriesName, parseNamingSeries, seriesKey, type NamingClock } from './naming-series.ts'
import { canComputeNameOffline, defaultNamingSeries, namingSeriesOptions, planName } from './naming.ts'

/** /work/shared/fixtures/erpnext-doctypes, found from this file: packages/meta/src → repo → its parent. */
const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/erpnext-doctypes/', import.meta.url))
const present = existsSync(FIXTURES)
const inCi = process.env['CI'] === 'true'

const CLOCK: NamingClock = { year: 2026, month: 3, day: 15, hour: 10, minute: 20, second: 30, microsecond: 0 }

/** Known keys of the default series, per ERPNext v15.109.0 (reference/frappe-semantics.md §4). */
const EXPECTED_DEFAULT_KEYS: Readonly<Record<string, string>> = {
  'Sales Invoice': 'ACC-SINV-2026-',
  'Payment Entry': 'ACC-PAY-2026-',
  Customer: 'CUST-2026-',
  Item: 'STO-ITEM-2026-',
}

function loadAll(): DocType[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => loadDocType(JSON.parse(readFileSync(join(FIXTURES, f), 'utf8'))))
}

/** A doc with a value in the field that `field:` autonames read. */
function sampleDoc(dt: DocType): Record<string, unknown> {
  const autoname = dt.autoname ?? ''
  return autoname.toLowerCase().startsWith('field:') ? { [autoname.slice(6)]: `Sample ${dt.name}` } : {}
}

if (!present && !inCi) {
  console.warn(`\n*** naming-fixtures.test.ts SKIPPED: ${FIXTURES} is missing (set CI=true to make this a failure) ***\n`)
}

describe('naming on the ERPNext / Frappe fixture doctypes', () => {
  it.runIf(!present && inCi)('has the fixtures folder (CI=true)', () => {
    expect(existsSync(FIXTURES), `${FIXTURES} is missing`).toBe(true)
  })

  describe.runIf(present)('with fixtures', () => {
    const all = present ? loadAll() : []
    const withSeries = all.filter((dt) => dt.field('naming_series') !== undefined)

    it('finds the doctypes that carry a naming_series field', () => {
      expect(withSeries.map((d) => d.name).sort()).toEqual(expect.arrayContaining(['Customer', 'Payment Entry', 'Sales Invoice']))
    })

    it('parses every naming_series option into a clean counter key', () => {
      for (const dt of withSeries) {
        const options = namingSeriesOptions(dt).filter((o) => o !== '')
        expect(options.length, dt.name).toBeGreaterThan(0)
        for (const option of options) {
          const parsed = parseNamingSeries(`${option}.#####`)
          const key = seriesKey(parsed, {}, CLOCK)
          expect(key, `${dt.name}: ${option}`).toMatch(/^[A-Z][A-Z0-9-]*-$/)
          expect(key).not.toMatch(/[.#{}]/)
          expect(key).toContain('2026')
          expect(formatSeriesName(parsed, {}, CLOCK, 1)).toBe(`${key}00001`)
        }
      }
    })

    it('plans a series on the default option for naming_series: doctypes', () => {
      const seriesDoctypes = withSeries.filter((dt) => dt.autoname === 'naming_series:')
      expect(seriesDoctypes.length).toBeGreaterThanOrEqual(3)
      for (const dt of seriesDoctypes) {
        const plan = planName(dt, {}, CLOCK)
        if (plan.kind !== 'series') throw new Error(`${dt.name}: expected a series plan, got ${plan.kind}`)
        expect(plan.rule).toBe('naming_series')
        expect(plan.namingSeries).toBe(defaultNamingSeries(dt))
        expect(plan.draws).toBe(1)
        expect(plan.format(1)).toBe(`${plan.key}00001`)
        expect(plan.format(2)).toBe(`${plan.key}00002`)
        expect(plan.format(100000)).toBe(`${plan.key}100000`)
        const expected = EXPECTED_DEFAULT_KEYS[dt.name]
        if (expected !== undefined) expect(plan.key).toBe(expected)
        expect(canComputeNameOffline(dt), dt.name).toBe(false)
      }
    })

    it('honours a chosen option (Sales Invoice returns)', () => {
      const si = all.find((d) => d.name === 'Sales Invoice')
      expect(si).toBeDefined()
      if (si === undefined) return
      const plan = planName(si, { naming_series: 'ACC-SINV-RET-.YYYY.-', posting_date: '2019-05-01' }, CLOCK)
      expect(plan).toMatchObject({ kind: 'series', key: 'ACC-SINV-RET-2026-' })
    })

    it('keeps field: naming for doctypes that only offer a series as an alternative (Item)', () => {
      for (const dt of withSeries.filter((d) => (d.autoname ?? '').startsWith('field:'))) {
        const plan = planName(dt, sampleDoc(dt), CLOCK)
        expect(plan, dt.name).toEqual({ kind: 'final', name: `Sample ${dt.name}`, rule: 'field' })
        expect(canComputeNameOffline(dt)).toBe(true)
      }
    })

    it('plans a name for every fixture doctype', () => {
      for (const dt of all) {
        const plan = planName(dt, sampleDoc(dt), CLOCK)
        const autoname = (dt.autoname ?? '').toLowerCase()
        if (autoname.startsWith('field:')) expect(plan.kind, dt.name).toBe('final')
        else if (autoname.startsWith('naming_series:')) expect(plan.kind, dt.name).toBe('series')
        else expect(plan, dt.name).toEqual({ kind: 'hash' })
      }
    })
  })
})
