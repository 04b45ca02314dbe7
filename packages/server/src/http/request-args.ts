import { FrappeError } from '@outpost/meta'

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
  try {
    return JSON.parse(text)
  } catch {
    throw new FrappeError('ValidationError', `Invalid ${what}: not valid JSON`)
  }
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
