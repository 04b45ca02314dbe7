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
