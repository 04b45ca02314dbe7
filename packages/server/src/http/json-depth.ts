import { FrappeError } from '@outpost/meta'

/**
 * How deep JSON input may nest. A document is four levels (document, table, row, value), a
 * filter list three; nothing Frappe takes comes near this. Deeper input is refused before any
 * code walks it: recursive walks (String of an array, JSON.stringify) would exhaust the stack.
 */
export const MAX_JSON_DEPTH = 64

/** `value`, refused with a BadRequest when its arrays and objects nest deeper than MAX_JSON_DEPTH. */
export function checkedDepth<T>(value: T, what: string): T {
  const stack: [unknown, number][] = [[value, 1]]
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [item, depth] = next
    if (typeof item !== 'object' || item === null) continue
    if (depth > MAX_JSON_DEPTH) throw new FrappeError('BadRequest', `${what} nests deeper than ${MAX_JSON_DEPTH} levels`)
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1])
    }
  }
  return value
}
