import { FrappeError, foldCase, type StorageKind } from '@outpost/meta'
import { isNumeric } from './columns.ts'

/**
 * Filter values as meta's filter-match.ts reads them (its helpers are private there, so they
 * are mirrored here; keep the two in step). Values are bound to SQL already converted, and the
 * NULL fallback is evaluated here to decide whether a condition must also accept NULL.
 */
export type Scalar = string | number

/** What NULL compares as: Frappe's ifnull() fallback. */
export function nullFallback(kind: StorageKind): Scalar {
  if (isNumeric(kind)) return 0
  if (kind === 'date') return '0001-01-01'
  if (kind === 'datetime') return '0001-01-01 00:00:00.000000'
  if (kind === 'time') return '00:00:00'
  return ''
}

export function scalar(kind: StorageKind, value: unknown): Scalar {
  if (value === null || value === undefined) return nullFallback(kind)
  if (isNumeric(kind)) {
    const n = Number(value)
    if (!Number.isFinite(n)) throw new FrappeError('DataError', `Invalid value ${JSON.stringify(value)}`)
    return n
  }
  if (typeof value === 'object') return JSON.stringify(value)
  return kind === 'text' ? foldCase(String(value)) : String(value)
}

export function listOf(kind: StorageKind, value: unknown): Scalar[] {
  const items: unknown[] = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((s) => s.trim()) : [value]
  return items.filter((v) => v !== '' || kind === 'text').map((v) => scalar(kind, v))
}

/** `between` bounds; date-only bounds on a Datetime cover the whole day. */
export function betweenBounds(kind: StorageKind, value: unknown): [Scalar, Scalar] {
  if (!Array.isArray(value) || value.length !== 2) throw new FrappeError('DataError', 'between needs a list of two values')
  let from = scalar(kind, value[0])
  let to = scalar(kind, value[1])
  if (kind === 'datetime' && typeof from === 'string' && from.length === 10) from = `${from} 00:00:00.000000`
  if (kind === 'datetime' && typeof to === 'string' && to.length === 10) to = `${to} 23:59:59.999999`
  return [from, to]
}

/** SQL LIKE without ESCAPE, ASCII-case-insensitive, evaluated on one string (a NULL's fallback). */
export function likeMatches(pattern: string, text: string): boolean {
  const body = [...pattern].map((c) => (c === '%' ? '[\\s\\S]*' : c === '_' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')
  return new RegExp(`^${body}$`).test(foldCase(text))
}
