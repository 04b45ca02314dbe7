/** Currency precision of the demo site (System Settings `currency_precision`). */
export const CURRENCY_PRECISION = 2
/** Float precision of the demo site (System Settings `float_precision`). */
export const FLOAT_PRECISION = 3

/**
 * Frappe's default rounding, "Banker's Rounding (legacy)" (frappe/utils/data.py `rounded`):
 * with a precision, an exact half rounds up; at precision 0 it rounds to even.
 */
export function rounded(num: number, precision = 0): number {
  const multiplier = 10 ** precision
  const n = Number((precision ? num * multiplier : num).toFixed(8))
  const floor = Math.floor(n)
  const decimal = n - floor
  let out: number
  if (!precision && decimal === 0.5) out = floor % 2 === 0 ? floor : floor + 1
  else if (decimal === 0.5) out = floor + 1
  else out = Math.round(n)
  return precision ? out / multiplier : out
}

/** `frappe.utils.flt`: a number from anything (empty and invalid → 0), optionally rounded. */
export function flt(value: unknown, precision?: number): number {
  let n: number
  if (typeof value === 'number') n = value
  else if (typeof value === 'string') n = value.trim() === '' ? 0 : Number(value.replaceAll(',', ''))
  else if (typeof value === 'boolean') n = value ? 1 : 0
  else n = 0
  if (!Number.isFinite(n)) n = 0
  return precision === undefined ? n : rounded(n, precision)
}
