/**
 * Date, Datetime and Time values in the text form Frappe stores and prints: Python's
 * `str()` of a date, datetime or time, i.e. `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS[.ffffff]`
 * and `HH:MM:SS[.ffffff]` (the fraction only when non-zero, always six digits).
 *
 * Each normaliser returns the canonical text, `null` for "no value" (an empty string, or
 * Frappe's invalid-date markers `0000-00-00` / `0001-01-01`, which `getdate` turns into
 * None), or `undefined` when the text is not a valid value. Only ISO order is accepted:
 * Frappe's `getdate` runs dateutil's free-form parser; we are deliberately stricter.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function isValidDate(text: string): boolean {
  const m = DATE_RE.exec(text)
  if (!m) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (year < 1 || month < 1 || month > 12 || day < 1) return false
  const max = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0)
  return day <= max
}

/** frappe.utils.data.is_invalid_date_string */
function isNullDateMarker(text: string): boolean {
  return text.startsWith('0000-00-00') || text.startsWith('0001-01-01')
}

/** Split `YYYY-MM-DD[ T]rest`; `rest` is undefined when there is no time part. */
function splitDateTime(text: string): { date: string; rest: string | undefined } | undefined {
  if (text.length === 10) return { date: text, rest: undefined }
  const sep = text[10]
  if (sep !== ' ' && sep !== 'T') return undefined
  return { date: text.slice(0, 10), rest: text.slice(11) }
}

/**
 * The trimmed text split at a valid date: null for "no value" (empty, or a null-date marker),
 * undefined when there is no valid `YYYY-MM-DD` at its start.
 */
function datedParts(text: string): { date: string; rest: string | undefined } | null | undefined {
  const t = text.trim()
  if (t === '' || isNullDateMarker(t)) return null
  const parts = splitDateTime(t)
  return parts && isValidDate(parts.date) ? parts : undefined
}

/** `HH:MM[:SS[.f…]]` → `HH:MM:SS[.ffffff]`, hours 0–23. */
export function normalizeTime(text: string): string | null | undefined {
  const t = text.trim()
  if (t === '') return null
  const m = TIME_RE.exec(t)
  if (!m) return undefined
  const [hours, minutes, seconds] = [Number(m[1]), Number(m[2]), Number(m[3] ?? '0')]
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined
  const fraction = (m[4] ?? '').padEnd(6, '0')
  const pad = (n: number): string => String(n).padStart(2, '0')
  const base = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`
  return /^0*$/.test(fraction) ? base : `${base}.${fraction}`
}

/** `YYYY-MM-DD`, also accepting a datetime and keeping its date part (as `getdate` does). */
export function normalizeDate(text: string): string | null | undefined {
  const parts = datedParts(text)
  if (!parts) return parts
  if (parts.rest !== undefined && typeof normalizeTime(parts.rest) !== 'string') return undefined
  return parts.date
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]`; a `T` separator and a bare date are accepted. No time zones. */
export function normalizeDatetime(text: string): string | null | undefined {
  const parts = datedParts(text)
  if (!parts) return parts
  const time = parts.rest === undefined ? '00:00:00' : normalizeTime(parts.rest)
  return typeof time === 'string' ? `${parts.date} ${time}` : undefined
}
