import { FrappeError } from './errors.ts'
import type { StorageKind } from './field-types.ts'

/**
 * How filter values compare, shared by every place that evaluates Frappe filters (meta's
 * in-memory matcher, the SQLite store's SQL): numbers numerically, text folded for ASCII case.
 */
export type FilterScalar = string | number

const NUMERIC: readonly StorageKind[] = ['int', 'float', 'check']

export function isNumericKind(kind: StorageKind): boolean {
  return NUMERIC.includes(kind)
}

/** ASCII-only case folding, as SQLite's NOCASE. */
export function foldCase(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase())
}

/** What NULL compares as: Frappe's ifnull() fallback. */
export function nullFallback(kind: StorageKind): FilterScalar {
  if (isNumericKind(kind)) return 0
  if (kind === 'date') return '0001-01-01'
  if (kind === 'datetime') return '0001-01-01 00:00:00.000000'
  if (kind === 'time') return '00:00:00'
  return ''
}

export function filterScalar(kind: StorageKind, value: unknown): FilterScalar {
  if (value === null || value === undefined) return nullFallback(kind)
  if (isNumericKind(kind)) {
    const n = Number(value)
    if (!Number.isFinite(n)) throw new FrappeError('DataError', `Invalid value ${JSON.stringify(value)}`)
    return n
  }
  if (typeof value === 'object') return JSON.stringify(value)
  return kind === 'text' ? foldCase(String(value)) : String(value)
}

/** `in` / `not in` values: a list, or comma-separated text. */
export function filterList(kind: StorageKind, value: unknown): FilterScalar[] {
  const items: unknown[] = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((s) => s.trim()) : [value]
  return items.filter((v) => v !== '' || kind === 'text').map((v) => filterScalar(kind, v))
}

/** `between` bounds; date-only bounds on a Datetime cover the whole day. */
export function filterBetween(kind: StorageKind, value: unknown): [FilterScalar, FilterScalar] {
  if (!Array.isArray(value) || value.length !== 2) throw new FrappeError('DataError', 'between needs a list of two values')
  let from = filterScalar(kind, value[0])
  let to = filterScalar(kind, value[1])
  if (kind === 'datetime' && typeof from === 'string' && from.length === 10) from = `${from} 00:00:00.000000`
  if (kind === 'datetime' && typeof to === 'string' && to.length === 10) to = `${to} 23:59:59.999999`
  return [from, to]
}

const likeCache = new Map<string, RegExp>()

/** SQL LIKE without ESCAPE, ignoring ASCII case as SQLite's LIKE does. */
export function likeMatches(pattern: string, text: string): boolean {
  let re = likeCache.get(pattern)
  if (!re) {
    const body = [...foldCase(pattern)].map((c) => (c === '%' ? '[\\s\\S]*' : c === '_' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')
    re = new RegExp(`^${body}$`)
    if (likeCache.size > 500) likeCache.clear()
    likeCache.set(pattern, re)
  }
  return re.test(foldCase(text))
}
