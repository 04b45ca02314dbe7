import { FrappeError } from './errors.ts'

/** Frappe's filter operators (frappe/utils/data.py get_filter `valid_operators`). */
export const OPERATORS = [
  '=', '!=', '>', '<', '>=', '<=', 'like', 'not like', 'in', 'not in', 'is', 'between',
  'descendants of', 'ancestors of', 'not descendants of', 'not ancestors of', 'descendants of (inclusive)',
] as const
export type Operator = (typeof OPERATORS)[number]

export function toOperator(raw: unknown): Operator | undefined {
  if (typeof raw !== 'string') return undefined
  const op = raw.trim().toLowerCase().replace(/\s+/g, ' ')
  if (op === '==') return '='
  if (op === '<>') return '!='
  return (OPERATORS as readonly string[]).includes(op) ? (op as Operator) : undefined
}

/** One filter condition; `doctype` is set for the 4-tuple form (a child table). */
export interface FilterCondition {
  readonly doctype: string | undefined
  readonly field: string
  readonly op: Operator
  readonly value: unknown
}

function invalid(message: string): FrappeError {
  return new FrappeError('ValidationError', message)
}

function parseJsonArg(raw: unknown, what: string): unknown {
  if (typeof raw !== 'string') return raw
  const text = raw.trim()
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    throw invalid(`Invalid ${what}: not valid JSON`)
  }
}

function condition(doctype: string | undefined, field: unknown, op: unknown, value: unknown): FilterCondition {
  if (typeof field !== 'string' || field === '') throw invalid('Invalid filter: the field name must be a string')
  const operator = op === undefined ? '=' : toOperator(op)
  if (!operator) throw invalid(`Operator must be one of ${OPERATORS.join(', ')}`)
  if (doctype !== undefined && typeof doctype !== 'string') throw invalid('Invalid filter: the doctype must be a string')
  return { doctype, field, op: operator, value }
}

function fromTuple(item: unknown[]): FilterCondition {
  if (item.length === 2) return condition(undefined, item[0], '=', item[1])
  if (item.length === 3) return condition(undefined, item[0], item[1], item[2])
  if (item.length >= 4) return condition(item[0] as string, item[1], item[2], item[3])
  throw invalid('Invalid filter: a filter list needs [field, operator, value]')
}

function fromDictEntry(field: string, value: unknown): FilterCondition {
  if (Array.isArray(value)) {
    // {"status": ["in", ["A","B"]]} or {"modified": [">", "2024-01-01"]}
    if (value.length >= 1 && toOperator(value[0]) !== undefined) return condition(undefined, field, value[0], value[1])
    return condition(undefined, field, 'in', value)
  }
  return condition(undefined, field, '=', value)
}

/** Parse `filters` / `or_filters` in every form Frappe accepts: JSON text, dict, list of tuples. */
export function parseFilters(raw: unknown, what = 'filters'): FilterCondition[] {
  const value = parseJsonArg(raw, what)
  if (value === undefined || value === null || value === '') return []
  if (Array.isArray(value)) {
    if (value.length > 0 && (typeof value[0] === 'string' || value.every((v) => !Array.isArray(v) && (typeof v !== 'object' || v === null)))) {
      // a single tuple given without the outer list; its value may itself be a list ("in", "between")
      return [fromTuple(value)]
    }
    return value.flatMap((item) => {
      if (Array.isArray(item)) return [fromTuple(item)]
      if (typeof item === 'object' && item !== null) return Object.entries(item).map(([k, v]) => fromDictEntry(k, v))
      throw invalid(`Invalid ${what}: each filter must be a list`)
    })
  }
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([k, v]) => fromDictEntry(k, v))
  throw invalid(`Invalid ${what}: expected a list or an object`)
}
