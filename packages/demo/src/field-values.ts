/** Reading field values that arrive loosely typed (0/1 or booleans, empty strings or null). */

/** Check fields arrive as 0/1, booleans or strings. */
export function isChecked(value: unknown): boolean {
  return value === 1 || value === true || value === '1'
}

/** A non-empty string value, or undefined. */
export function str(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  const s = String(value)
  return s === '' ? undefined : s
}
