import { OPERATORS, type DocType } from '@outpost/meta'

/** A filter row of the list's filter bar: field, Frappe operator, value as typed. */
export interface FilterRow {
  readonly fieldname: string
  readonly op: string
  readonly value: string
}

/** The operators the list offers (tree operators need a tree DocType). */
export function operatorsFor(doctype: DocType): string[] {
  return OPERATORS.filter((op) => doctype.isTree || !op.includes('descendants') && !op.includes('ancestors'))
}

const list = (text: string): string[] => text.split(',').map((s) => s.trim()).filter((s) => s !== '')

/** One row as a Frappe filter triple; `undefined` while the value is not filled in. */
export function toFilter(row: FilterRow): [string, string, unknown] | undefined {
  const value = row.value.trim()
  switch (row.op) {
    case 'is':
      return [row.fieldname, 'is', value === 'not set' ? 'not set' : 'set']
    case 'in':
    case 'not in':
      return value === '' ? undefined : [row.fieldname, row.op, list(value)]
    case 'between': {
      const [from, to] = list(value)
      return from === undefined || to === undefined ? undefined : [row.fieldname, 'between', [from, to]]
    }
    case 'like':
    case 'not like':
      return value === '' ? undefined : [row.fieldname, row.op, value.includes('%') ? value : `%${value}%`]
    default:
      return value === '' ? undefined : [row.fieldname, row.op, value]
  }
}

/** A standard-filter input's value as a filter (Data-like fields match a part, the rest exactly). */
export function standardFilter(doctype: DocType, fieldname: string, value: string): [string, string, unknown] | undefined {
  if (value === '') return undefined
  const field = doctype.field(fieldname)
  const partial = field && ['Data', 'Small Text', 'Text', 'Long Text', 'Text Editor', 'Read Only', 'Phone'].includes(field.fieldtype)
  return partial ? [fieldname, 'like', `%${value}%`] : [fieldname, '=', value]
}

/** The list's search box: `name`, the title field or any search field containing the text. */
export function searchFilters(doctype: DocType, text: string): [string, string, string][] | undefined {
  const t = text.trim()
  if (t === '') return undefined
  const fields = new Set(['name', ...(doctype.titleField ? [doctype.titleField] : []), ...doctype.searchFields.filter((f) => doctype.field(f))])
  return [...fields].filter((f) => f === 'name' || ['text', 'int', 'float', 'date'].includes(doctype.field(f)?.storage ?? '')).map((f) => [f, 'like', `%${t}%`])
}
