/**
 * Frappe v15 naming series (frappe/model/naming.py: `NamingSeries`, `parse_naming_series`,
 * `determine_consecutive_week_number`), as a pure parser and formatter.
 *
 * A series such as `ACC-SINV-.YYYY.-` is split on `.` into parts. Evaluating the parts in
 * order builds the name; when the first part that starts with `#` is reached, the text
 * built so far is the counter key (Frappe's `tabSeries.name`, the "prefix"), and the part
 * becomes the counter, zero-padded to the part's length. Counting is the caller's job
 * (the server keeps the counters); this module only says which key and how to format.
 *
 * Time comes in as a {@link NamingClock}: Frappe reads `now_datetime()` (server local time)
 * when the document is inserted, never the document's posting date.
 */
import { FrappeError } from './errors.ts'
import { codePointLength, pyStr, pyZeroPad } from './naming-text.ts'

/** Server local time, broken into parts. `microsecond` only shows in the `timestamp` part. */
export interface NamingClock {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly microsecond?: number
}

/**
 * The clock parts of a Date in the local time zone of this process (getFullYear,
 * getMonth + 1, getDate, getHours, …; microsecond = milliseconds × 1000), because Frappe
 * uses the server's local time. A server that runs in another zone than its site's
 * system time zone must build the NamingClock itself.
 */
export function clockFromDate(d: Date): NamingClock {
  if (Number.isNaN(d.getTime())) throw new TypeError('clockFromDate: invalid Date')
  return {
    year: d.getFullYear(),
    month: d.getMonth() + 1,
    day: d.getDate(),
    hour: d.getHours(),
    minute: d.getMinutes(),
    second: d.getSeconds(),
    microsecond: d.getMilliseconds() * 1000,
  }
}

export type DateToken = 'YY' | 'YYYY' | 'MM' | 'DD' | 'WW'

/** One `.`-separated part of a series. Empty parts (from `..`) are dropped, as Frappe skips them. */
export type SeriesPart =
  /** The first part starting with `#`: the counter, `width` = the part's length (`#x` counts 2). */
  | { readonly kind: 'counter'; readonly text: string; readonly width: number }
  /** A later part starting with `#`: Frappe renders nothing for it. */
  | { readonly kind: 'extra-hash'; readonly text: string }
  | { readonly kind: 'date'; readonly text: DateToken }
  /** `timestamp`: Python `str(now_datetime())`, e.g. `2026-03-05 14:07:09.123000`. */
  | { readonly kind: 'timestamp'; readonly text: 'timestamp' }
  /** `{fieldname}`: the field's value (braces removed); nothing when the doc lacks it. */
  | { readonly kind: 'braced'; readonly text: string; readonly fieldname: string }
  /** Anything else: a doc field's value when the doc has that key, else a naming variable, else literal text. */
  | { readonly kind: 'word'; readonly text: string }

export interface ParsedSeries {
  /** The series as evaluated: the input, plus `.#####` when it had no `#`. */
  readonly series: string
  readonly parts: readonly SeriesPart[]
  /** False when no part starts with `#` (e.g. `A.B#C`): the series yields a fixed name and no counter. */
  readonly hasCounter: boolean
  /** Zero-pad width of the counter, 0 when there is none. */
  readonly counterWidth: number
}

/**
 * A naming variable, as an app registers under the `naming_series_variables` hook
 * (ERPNext: `FY`). It gets the document and the part text; its result is rendered like
 * a field value.
 */
export type NamingVariable = (doc: Readonly<Record<string, unknown>> | undefined, part: string) => unknown

export interface SeriesEvalOptions {
  readonly variables?: Readonly<Record<string, NamingVariable>>
}

/** Frappe's NAMING_SERIES_PATTERN `^[\w\- \/.#{}]+$` (Python's `$` also matches before a final newline). */
const NAMING_SERIES_PATTERN = /^[\p{L}\p{N}_\- /.#{}]+\n?$/u

const DATE_TOKENS: ReadonlySet<string> = new Set<DateToken>(['YY', 'YYYY', 'MM', 'DD', 'WW'])

/**
 * Validate a series and split it into parts. Like Frappe's `NamingSeries`: `.#####` is
 * appended when the series has no `#`; then it must contain a `.` and match
 * `^[\w\- \/.#{}]+$`, else FrappeError('InvalidNamingSeriesError') with Frappe's message.
 * `validate: false` skips the checks (Frappe's `ignore_validate`, and the plain parser).
 */
export function parseNamingSeries(series: string, options: { readonly validate?: boolean } = {}): ParsedSeries {
  const full = series.includes('#') ? series : `${series}.#####`
  if (options.validate !== false) {
    if (!full.includes('.')) {
      throw new FrappeError('InvalidNamingSeriesError', `Invalid naming series <strong>${full}</strong>: dot (.) missing`)
    }
    if (!NAMING_SERIES_PATTERN.test(full)) {
      throw new FrappeError(
        'InvalidNamingSeriesError',
        `Special Characters except '-', '#', '.', '/', '{' and '}' not allowed in naming series <strong>${full}</strong>`,
      )
    }
  }
  return parseSeriesParts(full, full.split('.'))
}

/** Parts of one already-split series (also used for one braced `format:` parameter). */
export function parseSeriesParts(series: string, texts: readonly string[]): ParsedSeries {
  const parts: SeriesPart[] = []
  let counterWidth = 0
  let hasCounter = false
  for (const text of texts) {
    if (text === '') continue
    if (text.startsWith('#')) {
      if (hasCounter) {
        parts.push({ kind: 'extra-hash', text })
      } else {
        hasCounter = true
        counterWidth = codePointLength(text)
        parts.push({ kind: 'counter', text, width: counterWidth })
      }
    } else if (DATE_TOKENS.has(text)) {
      parts.push({ kind: 'date', text: text as DateToken })
    } else if (text === 'timestamp') {
      parts.push({ kind: 'timestamp', text })
    } else if (text.startsWith('{')) {
      parts.push({ kind: 'braced', text, fieldname: text.replaceAll('{', '').replaceAll('}', '') })
    } else {
      parts.push({ kind: 'word', text })
    }
  }
  return { series, parts, hasCounter, counterWidth }
}

const pad2 = (n: number): string => String(n).padStart(2, '0')

/** ISO 8601 week number (Python's `%V`) of a calendar date. */
export function isoWeekNumber(year: number, month: number, day: number): number {
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  const dow = date.getUTCDay() === 0 ? 7 : date.getUTCDay()
  date.setUTCDate(date.getUTCDate() + 4 - dow) // the Thursday of this ISO week decides its year
  const jan1 = new Date(0)
  jan1.setUTCFullYear(date.getUTCFullYear(), 0, 1)
  return Math.floor((date.getTime() - jan1.getTime()) / 86_400_000 / 7) + 1
}

/**
 * Frappe's `WW`: the ISO week, zero-padded, except that early-January days of the previous
 * ISO year give `00` and late-December days of the next ISO year give `53`, so that week
 * numbers never go backwards within a calendar year.
 */
export function consecutiveWeekNumber(year: number, month: number, day: number): string {
  const w = isoWeekNumber(year, month, day)
  if (month === 1 && w >= 52) return '00'
  if (month === 12 && w <= 1) return '53'
  return pad2(w)
}

/** Python `str(now_datetime())` for the clock. */
export function clockTimestamp(clock: NamingClock): string {
  const base = `${String(clock.year).padStart(4, '0')}-${pad2(clock.month)}-${pad2(clock.day)} ${pad2(clock.hour)}:${pad2(clock.minute)}:${pad2(clock.second)}`
  const micro = clock.microsecond ?? 0
  return micro ? `${base}.${String(micro).padStart(6, '0')}` : base
}

function dateToken(token: DateToken, clock: NamingClock): string {
  switch (token) {
    case 'YY': return pad2(((clock.year % 100) + 100) % 100)
    case 'YYYY': return String(clock.year)
    case 'MM': return pad2(clock.month)
    case 'DD': return pad2(clock.day)
    case 'WW': return consecutiveWeekNumber(clock.year, clock.month, clock.day)
  }
}

/**
 * How Frappe appends a part's value: a str as it is; an int, bool, datetime, date, time or
 * timedelta as `str(value).strip()`; anything else (None, float, list, dict) not at all.
 */
export function renderPartValue(v: unknown): string {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return Number.isInteger(v) ? pyStr(v) : ''
  if (typeof v === 'boolean' || typeof v === 'bigint' || v instanceof Date) return pyStr(v).trim()
  return ''
}

function renderPart(part: SeriesPart, doc: Readonly<Record<string, unknown>> | undefined, clock: NamingClock, options: SeriesEvalOptions): string {
  switch (part.kind) {
    case 'counter':
    case 'extra-hash':
      return ''
    case 'date':
      return dateToken(part.text, clock)
    case 'timestamp':
      return clockTimestamp(clock)
    case 'braced':
      if (doc !== undefined) return renderPartValue(doc[part.fieldname])
      break
    case 'word':
      if (doc !== undefined && Object.hasOwn(doc, part.text)) return renderPartValue(doc[part.text])
      break
  }
  const variable = options.variables?.[part.text]
  if (variable !== undefined) return renderPartValue(variable(doc, part.text))
  return part.text
}

/** The name split around the counter: `before` is the counter key. */
export interface RenderedSeries {
  readonly before: string
  readonly width: number
  readonly after: string
}

/** Evaluate every part once (fields, variables, clock); the counter is left as a gap. */
export function renderSeries(
  parsed: ParsedSeries,
  doc: Readonly<Record<string, unknown>> | undefined,
  clock: NamingClock,
  options: SeriesEvalOptions = {},
): RenderedSeries {
  let before = ''
  let after = ''
  let seen = false
  for (const part of parsed.parts) {
    if (part.kind === 'counter') {
      seen = true
      continue
    }
    const text = renderPart(part, doc, clock, options)
    if (seen) after += text
    else before += text
  }
  return { before, width: parsed.counterWidth, after }
}

/**
 * The counter key (Frappe's prefix in `tabSeries`): everything the parts before the
 * counter render to. `ACC-SINV-.YYYY.-` in 2026 → `ACC-SINV-2026-`. A series without a
 * counter has no key: FrappeError('ValidationError', 'Invalid Naming Series: …').
 * `doc` undefined evaluates without a document, as Frappe's `get_prefix` does.
 */
export function seriesKey(
  parsed: ParsedSeries,
  doc: Readonly<Record<string, unknown>> | undefined,
  clock: NamingClock,
  options: SeriesEvalOptions = {},
): string {
  if (!parsed.hasCounter) throw new FrappeError('ValidationError', `Invalid Naming Series: ${parsed.series}`)
  return renderSeries(parsed, doc, clock, options).before
}

/**
 * The name for a counter value, as Frappe's `parse_naming_series` builds it (before
 * `validate_name` strips it): `ACC-SINV-.YYYY.-` in 2026 with 1 → `ACC-SINV-2026-00001`.
 * The counter is `%0Nd`-formatted, so it grows past the width instead of wrapping.
 * For a series without a counter the counter argument is ignored.
 */
export function formatSeriesName(
  parsed: ParsedSeries,
  doc: Readonly<Record<string, unknown>> | undefined,
  clock: NamingClock,
  counter: number,
  options: SeriesEvalOptions = {},
): string {
  const r = renderSeries(parsed, doc, clock, options)
  return parsed.hasCounter ? r.before + pyZeroPad(counter, r.width) + r.after : r.before + r.after
}
