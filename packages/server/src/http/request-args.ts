import { FrappeError } from '@outpost/meta'
import { checkedDepth } from './json-depth.ts'

export type Args = Record<string, unknown>

function plainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Frappe's make_form_dict: a JSON body replaces the query string; a JSON array body goes
 * under `data`; a form body is merged over the query string.
 */
export function requestArgs(query: unknown, body: unknown, isJson: boolean): Args {
  const q: Args = plainObject(query) ? { ...query } : {}
  if (body === undefined || body === null || body === '') return q
  if (isJson) {
    if (Array.isArray(body)) return { data: body }
    if (plainObject(body)) return { ...body }
    throw new FrappeError('BadRequest', 'The request body must be a JSON object')
  }
  if (plainObject(body)) return { ...q, ...body }
  return q
}

/** Arguments that hold JSON may arrive as JSON text (query strings, forms) or as values. */
export function jsonArg(value: unknown, what: string): unknown {
  if (typeof value !== 'string') return value
  const text = value.trim()
  if (text === '') return undefined
  if (!text.startsWith('{') && !text.startsWith('[')) return value
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new FrappeError('ValidationError', `Invalid ${what}: not valid JSON`)
  }
  return checkedDepth(parsed, what)
}

export function docArg(value: unknown, what = 'doc'): Record<string, unknown> {
  const parsed = jsonArg(value, what)
  if (!plainObject(parsed)) throw new FrappeError('ValidationError', `${what} must be a JSON object`)
  return parsed
}

export function stringArg(value: unknown, what: string): string {
  if (typeof value === 'number') return String(value)
  if (typeof value !== 'string' || value === '') throw new FrappeError('ValidationError', `${what} is required`)
  return value
}

/** Counts past this are bound as this (2^31 - 1): every row, or past the last. */
const MAX_COUNT = 2 ** 31 - 1

/**
 * A count or an offset (`limit_page_length`, `limit_start`, `start`): a non-negative integer, as a
 * number or its text. Larger than any table, it is bound as MAX_COUNT (every row, or none): SQL
 * takes no LIMIT past a 64-bit integer, and a double bound there matches nothing.
 */
export function countArg(value: unknown, what: string, fallback: number, fail = (message: string): Error => new FrappeError('ValidationError', message)): number {
  if (value === undefined || value === null || value === '') return fallback
  const n = typeof value === 'number' || typeof value === 'string' ? Number(value) : NaN
  if (!Number.isInteger(n) || n < 0) throw fail(`${what} must be a non-negative integer`)
  return Math.min(n, MAX_COUNT)
}
