import type { DocType } from '@outpost/meta'
import { quoteIdent } from '../storage/identifiers.ts'
import { dataError, resolveColumn } from './resolve-column.ts'

const TERM = /^(.+?)(?:\s+(asc|desc))?$/i

/** `order_by` as Frappe takes it ("modified desc, name asc"); each term must be a real column. */
export function orderBySql(doctype: DocType, alias: string, raw: unknown, selectedKeys: ReadonlySet<string> = new Set()): string {
  if (raw === undefined || raw === null || raw === '') return ''
  if (typeof raw !== 'string') throw dataError('Invalid order_by: expected text')
  const terms = raw.split(',').map((t) => t.trim())
  const sql = terms.map((term) => {
    const m = TERM.exec(term)
    if (!m || term === '') throw dataError(`Invalid order_by: ${raw}`)
    const direction = (m[2] ?? 'asc').toUpperCase()
    const ref = m[1]!.trim()
    if (selectedKeys.has(ref) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(ref) && !doctype.field(ref) && !['name', 'modified', 'creation', 'idx', 'docstatus', 'owner', 'modified_by'].includes(ref)) {
      return `${quoteIdent(ref)} ${direction}`
    }
    return `${alias}.${quoteIdent(resolveColumn(doctype, ref).name)} ${direction}`
  })
  return ` ORDER BY ${sql.join(', ')}`
}

export function groupBySql(doctype: DocType, alias: string, raw: unknown): string {
  if (raw === undefined || raw === null || raw === '') return ''
  if (typeof raw !== 'string') throw dataError('Invalid group_by: expected text')
  const cols = raw.split(',').map((t) => `${alias}.${quoteIdent(resolveColumn(doctype, t.trim()).name)}`)
  return ` GROUP BY ${cols.join(', ')}`
}
