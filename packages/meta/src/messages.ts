/**
 * Building blocks of Frappe's message texts: `frappe.bold`, Python's `str()` of a value,
 * and the row prefixes child-row messages carry.
 */

/** Longest value quoted in a message; Frappe quotes whole values, we cut huge ones. */
export const MESSAGE_VALUE_LIMIT = 1000

/** Cut a text for a message, keeping it readable. */
export function clip(text: string, limit = MESSAGE_VALUE_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…`
}

/** Python's `str()` of a JSON-ish value, as Frappe's `.format()` prints it. */
export function pyStr(value: unknown): string {
  if (value === null || value === undefined) return 'None'
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** `frappe.utils.cstr`: `pyStr`, except that None is the empty string. */
export function cstr(value: unknown): string {
  return value === null || value === undefined ? '' : pyStr(value)
}

/** `frappe.bold`. */
export function bold(text: unknown): string {
  return `<strong>${pyStr(text)}</strong>`
}

/** How a rejected value is quoted in our own type-error messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  switch (typeof value) {
    case 'string':
      return JSON.stringify(clip(value))
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value)
    case 'object':
      return 'an object'
    default:
      return `a ${typeof value}`
  }
}

/** "Row #{idx}:" before a message about a child row; nothing for the parent document. */
export function rowPrefix(row: { readonly idx: number } | undefined): string {
  return row ? `Row #${row.idx}:` : ''
}
