import { normalizeDate, normalizeDatetime, normalizeTime } from './date-time.ts'
import type { DocField } from './doctype.ts'
import { FrappeError } from './errors.ts'
import { clip, describeValue } from './messages.ts'
import { copyJson } from './safe-object.ts'

/**
 * Coercion of one field value by its storage kind.
 *
 * Frappe itself is lenient: `cint('abc')` and `flt('abc')` are 0, a dict in a Data field
 * is stored as its repr, a bad date reaches the database. We are deliberately stricter and
 * reject wrong types with a message naming the field and the value:
 * - `FrappeTypeError` (417) for a value of the wrong JSON type or a non-numeric string in a
 *   number field: the class Frappe raises for a wrongly typed argument
 *   (frappe/utils/typing_validations.py).
 * - `ValidationError` for a list in a non-table field, with Frappe's own text
 *   "Value for {label} cannot be a list" (base_document.py get_valid_dict).
 * - `ValidationError` titled "Invalid Date" for an unparsable date/time: what
 *   frappe.utils.data.getdate throws ("{} is not a valid date string.").
 */

export interface ValueContext {
  /** Put before messages about a child row, e.g. `Items Row #2: `. */
  readonly prefix?: string
}

/** Fieldtypes whose None is stored as 0 (get_valid_dict: Check, Int, float_like_fields). */
const ZERO_WHEN_NULL: ReadonlySet<string> = new Set(['Check', 'Int', 'Float', 'Currency', 'Percent'])

const NUMERIC_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/** "Value for {what} must be {expected}, not {value}": the FrappeTypeError of a wrongly typed value or standard field. */
export function typeError(what: string, ctx: ValueContext, expected: string, value: unknown): FrappeError {
  return new FrappeError('FrappeTypeError', `${ctx.prefix ?? ''}Value for ${what} must be ${expected}, not ${describeValue(value)}`)
}

function emptyNumber(field: DocField): number | null {
  return ZERO_WHEN_NULL.has(field.fieldtype) ? 0 : null
}

/** A finite number from a number or a plain numeric string (no thousands separators). */
function parseNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  if (typeof value !== 'string') return undefined
  const text = value.trim()
  if (!NUMERIC_RE.test(text)) return undefined
  const n = Number(text)
  return Number.isFinite(n) ? n : undefined
}

function coerceCheck(field: DocField, value: unknown, ctx: ValueContext): number {
  if (value === null || value === '' || value === false || value === 0) return 0
  if (value === true || value === 1) return 1
  if (typeof value === 'string' && (value.trim() === '0' || value.trim() === '1')) return Number(value.trim())
  throw typeError(field.label, ctx, '0 or 1', value)
}

function coerceInt(field: DocField, value: unknown, ctx: ValueContext): number | null {
  if (value === null || value === '') return emptyNumber(field)
  const n = parseNumber(value)
  if (n === undefined || !Number.isSafeInteger(n)) throw typeError(field.label, ctx, 'a whole number', value)
  return n === 0 ? 0 : n
}

function coerceFloat(field: DocField, value: unknown, ctx: ValueContext): number | null {
  if (value === null || value === '') return emptyNumber(field)
  const n = parseNumber(value)
  if (n === undefined) throw typeError(field.label, ctx, 'a number', value)
  return n === 0 ? 0 : n
}

type Normaliser = (text: string) => string | null | undefined

function coerceTemporal(field: DocField, value: unknown, ctx: ValueContext, normalise: Normaliser, expected: string): string | null {
  if (value === null) return null
  if (typeof value !== 'string') throw typeError(field.label, ctx, expected, value)
  const out = normalise(value)
  if (out === undefined) {
    const message = `${ctx.prefix ?? ''}Value for ${field.label} must be ${expected}, not ${JSON.stringify(clip(value))}`
    throw new FrappeError('ValidationError', message, { title: 'Invalid Date' })
  }
  return out
}

function coerceJson(field: DocField, value: unknown, ctx: ValueContext): unknown {
  if (value === null || value === '') return null
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as unknown
    } catch {
      throw new FrappeError('ValidationError', `${ctx.prefix ?? ''}Value for ${field.label} must be valid JSON, not ${describeValue(value)}`)
    }
  }
  const copy = copyJson(value)
  if (copy === undefined) throw typeError(field.label, ctx, 'JSON data', value)
  return copy
}

function coerceText(field: DocField, value: unknown, ctx: ValueContext): string | null {
  if (value === null) return null
  let text: string
  if (typeof value === 'string') text = value
  else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') text = String(value)
  else throw typeError(field.label, ctx, 'text', value)
  // get_valid_dict: a blank value in a unique column is stored as NULL.
  return field.unique && text.trim() === '' ? null : text
}

/**
 * Coerce one value for `field`. `null` and `''` follow Frappe's save path: 0 for Check,
 * Int, Float, Currency and Percent; null for dates, times, JSON and other numbers; text
 * keeps `''` (except unique fields, where blank is null).
 */
export function coerceFieldValue(field: DocField, value: unknown, ctx: ValueContext = {}): unknown {
  if (Array.isArray(value) && field.storage !== 'json') {
    throw new FrappeError('ValidationError', `Value for ${field.label} cannot be a list`)
  }
  switch (field.storage) {
    case 'check': return coerceCheck(field, value, ctx)
    case 'int': return coerceInt(field, value, ctx)
    case 'float': return coerceFloat(field, value, ctx)
    case 'date': return coerceTemporal(field, value, ctx, normalizeDate, 'a date (YYYY-MM-DD)')
    case 'datetime': return coerceTemporal(field, value, ctx, normalizeDatetime, 'a datetime (YYYY-MM-DD HH:MM:SS)')
    case 'time': return coerceTemporal(field, value, ctx, normalizeTime, 'a time (HH:MM:SS)')
    case 'json': return coerceJson(field, value, ctx)
    default: return coerceText(field, value, ctx)
  }
}
