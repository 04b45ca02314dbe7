import { coerceFieldValue, normalizeDate, normalizeDatetime, normalizeTime, type DocField, type StorageKind } from '@outpost/meta'

/** A value in a field's new type, or why it has none. */
export type Conversion = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string }

const ok = (value: unknown): Conversion => ({ ok: true, value })
const fail = (reason: string): Conversion => ({ ok: false, reason })

const isEmpty = (value: unknown): boolean => value === null || value === ''
const describe = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value) : JSON.stringify(value) ?? String(value))

/** `coerceFieldValue` as data: Frappe's save-path coercion into the new type. */
function coerced(to: DocField, value: unknown, reason: () => string): Conversion {
  try {
    return ok(coerceFieldValue(to, value))
  } catch {
    return fail(reason())
  }
}

/** Into text (MariaDB casts numbers and dates to their text; JSON is stored as its text). */
function toText(from: StorageKind, to: DocField, value: unknown): Conversion {
  if (typeof value === 'string') return coerced(to, value, () => `${describe(value)} is not text`)
  if (typeof value === 'number' || typeof value === 'boolean') return ok(String(from === 'check' ? Number(value) : value))
  if (from === 'json') return ok(JSON.stringify(value))
  return fail(`${describe(value)} cannot be written as text`)
}

function toInt(from: StorageKind, to: DocField, value: unknown): Conversion {
  if (typeof value === 'number' && !Number.isInteger(value)) return fail(`${describe(value)} has a fraction, and ${to.fieldtype} holds whole numbers`)
  if (from === 'date' || from === 'datetime' || from === 'time' || from === 'json') return fail(`${describe(value)} is not a whole number`)
  return coerced(to, value, () => `${describe(value)} is not a whole number`)
}

function toFloat(from: StorageKind, to: DocField, value: unknown): Conversion {
  if (from === 'date' || from === 'datetime' || from === 'time' || from === 'json') return fail(`${describe(value)} is not a number`)
  return coerced(to, value, () => `${describe(value)} is not a number`)
}

function toCheck(to: DocField, value: unknown): Conversion {
  return coerced(to, value, () => `${describe(value)} is neither 0 nor 1`)
}

/** Dates and times: a datetime keeps its date or its time (as MariaDB casts), text must parse. */
function toTemporal(from: StorageKind, to: DocField, value: unknown): Conversion {
  if (typeof value !== 'string') return fail(`${describe(value)} is not a ${to.fieldtype.toLowerCase()}`)
  const text = from === 'datetime' && to.storage === 'time' ? value.slice(value.search(/[ T]/) + 1) : value
  const normalise = to.storage === 'date' ? normalizeDate : to.storage === 'datetime' ? normalizeDatetime : normalizeTime
  const out = normalise(text)
  return out === undefined ? fail(`${describe(value)} is not a valid ${to.fieldtype.toLowerCase()}`) : ok(out)
}

function toJson(value: unknown): Conversion {
  if (typeof value !== 'string') return ok(value)
  try {
    return ok(JSON.parse(value) as unknown)
  } catch {
    return fail(`${describe(value)} is not valid JSON`)
  }
}

/**
 * A stored value of `from` in the type of `to`, converted where Frappe's schema sync converts it
 * (an ALTER … MODIFY that keeps the data: Int ↔ Float ↔ Currency ↔ Percent, Check from 0/1 and
 * to a number, Data ↔ Small Text ↔ Text and the other text types, numbers and dates to text,
 * numeric text to numbers, date text to dates, a Datetime's date or time) and refused where
 * the database would refuse it or lose data (text that is not a number, a fraction into Int, a
 * value into or out of a child table). `undefined` (no value) stays `undefined`; an empty value
 * becomes the new type's empty value (0 for Check, Int and the decimal types).
 */
export function convertValue(from: DocField, to: DocField, value: unknown): Conversion {
  if (value === undefined) return ok(undefined)
  if (from.storage === 'table' || to.storage === 'table') {
    if (from.storage === to.storage && from.options === to.options) return ok(value)
    return fail(from.storage === 'table' ? `the rows of a child table cannot be kept in a ${to.fieldtype} field` : `a value cannot become rows of a ${to.fieldtype}`)
  }
  if (isEmpty(value)) return coerced(to, null, () => 'no empty value')
  if (from.storage === to.storage) return ok(value)
  switch (to.storage) {
    case 'int': return toInt(from.storage, to, value)
    case 'float': return toFloat(from.storage, to, value)
    case 'check': return toCheck(to, value)
    case 'date':
    case 'datetime':
    case 'time': return toTemporal(from.storage, to, value)
    case 'json': return toJson(value)
    case 'none': return fail(`${to.fieldtype} holds no value`)
    default: return toText(from.storage, to, value)
  }
}
