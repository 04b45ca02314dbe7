import { loadDocType, type DocType } from '../doctype.ts'
import { formatSeriesName, parseNamingSeries, seriesKey, type NamingClock } from '../naming-series.ts'
import { planName, type NamePlan, type PlanNameOptions } from '../naming.ts'

/** A naming clock on the given day at 10:20:30. */
export function clockAt(year: number, month: number, day: number, extra: Partial<NamingClock> = {}): NamingClock {
  return { year, month, day, hour: 10, minute: 20, second: 30, ...extra }
}

export const MAR_15_2026 = clockAt(2026, 3, 15)

/** The name `series` gives for `counter`, parsed and formatted in one go. */
export function seriesName(series: string, doc?: Record<string, unknown>, counter = 1, at: NamingClock = MAR_15_2026): string {
  return formatSeriesName(parseNamingSeries(series), doc, at, counter)
}

/** The counter key of `series`, parsed and evaluated in one go. */
export function seriesKeyOf(series: string, doc?: Record<string, unknown>, at: NamingClock = MAR_15_2026): string {
  return seriesKey(parseNamingSeries(series), doc, at)
}

/** The clock every planName test names with. */
const PLAN_CLOCK = clockAt(2026, 3, 15, { microsecond: 0 })

/** "Test Thing": a few fields of each kind naming reads, a child table and an unlabelled field. */
export function namingTestDocType(props: Record<string, unknown> = {}, fields: Record<string, unknown>[] = []): DocType {
  return loadDocType({
    name: 'Test Thing',
    fields: [
      { fieldname: 'title', fieldtype: 'Data', label: 'Title' },
      { fieldname: 'company', fieldtype: 'Link', label: 'Company', options: 'Company' },
      { fieldname: 'amount', fieldtype: 'Currency', label: 'Amount' },
      { fieldname: 'posting_date', fieldtype: 'Date', label: 'Posting Date' },
      { fieldname: 'items', fieldtype: 'Table', label: 'Items', options: 'Test Thing Item' },
      { fieldname: 'no_label', fieldtype: 'Data' },
      ...fields,
    ],
    ...props,
  })
}

/** "Test Thing" named by `naming_series:` with these series options. */
export function withSeries(options: string, props: Record<string, unknown> = {}): DocType {
  return namingTestDocType({ autoname: 'naming_series:', ...props }, [{ fieldname: 'naming_series', fieldtype: 'Select', label: 'Series', options }])
}

/** planName at the test clock. */
export function planAt(dt: DocType, doc: Record<string, unknown> = {}, options: PlanNameOptions = {}): NamePlan {
  return planName(dt, doc, PLAN_CLOCK, options)
}

/** The plan, which must be a counter draw. */
export function seriesPlan(p: NamePlan): Extract<NamePlan, { kind: 'series' }> {
  if (p.kind !== 'series') throw new Error(`expected a series plan, got ${JSON.stringify(p)}`)
  return p
}
