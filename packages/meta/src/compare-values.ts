import { coerceFieldValue } from './coerce-value.ts'
import type { DocField } from './doctype.ts'
import { pyStr } from './messages.ts'

/** Python truthiness of a stored value: None, '', 0, False, [] and {} are false. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0
  return Boolean(value)
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  const keys = Object.keys(ra)
  if (keys.length !== Object.keys(rb).length) return false
  return keys.every((k) => Object.hasOwn(rb, k) && deepEqual(ra[k], rb[k]))
}

/** A value in its coerced form, so `'9:00:00'` and `'09:00:00'`, or `'1'` and `1`, compare equal. */
function normalised(field: DocField, value: unknown): unknown {
  if (value === undefined) return null
  try {
    return coerceFieldValue(field, value)
  } catch {
    return value
  }
}

/** Whether two values of `field` are the same stored value. */
export function sameFieldValue(field: DocField, a: unknown, b: unknown): boolean {
  return deepEqual(normalised(field, a), normalised(field, b))
}

/** Python's str() of a stored value, as Frappe prints it: floats keep a `.0`, None is "None". */
export function pyValue(field: DocField, value: unknown): string {
  const v = normalised(field, value)
  if (field.storage === 'float' && typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`
  return pyStr(v)
}
