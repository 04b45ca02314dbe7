import { FrappeError, type DocType } from '@outpost/meta'
import { columnsOf, type Column } from '../storage/columns.ts'

export function dataError(message: string): FrappeError {
  return new FrappeError('DataError', message)
}

const COLUMN_REF = /^(?:`?tab([^`.]+)`?\.)?`?([A-Za-z_][A-Za-z0-9_]*)`?$/

/**
 * Resolve `field`, `tabDocType.field` or `` `tabDocType`.`field` `` to a real column.
 * Anything that is not such a reference (functions, sub-queries, comments) is refused.
 */
export function resolveColumn(doctype: DocType, ref: string): Column {
  const m = COLUMN_REF.exec(ref.trim())
  if (!m) throw dataError(`Field not permitted in query: ${ref}`)
  const [, table, field] = m
  if (table !== undefined && table !== doctype.name) throw dataError(`Field not permitted in query: ${ref}`)
  const column = columnsOf(doctype).find((c) => c.name === field)
  if (!column) throw dataError(`Field not permitted in query: ${ref}`)
  return column
}

/** The value a NULL column compares as, as Frappe's `ifnull(col, fallback)` does. */
export function nullFallback(column: Column): string | number {
  switch (column.storage) {
    case 'int': case 'float': case 'check': return 0
    case 'date': return '0001-01-01'
    case 'datetime': return '0001-01-01 00:00:00.000000'
    case 'time': return '00:00:00'
    default: return ''
  }
}

export function neverNull(column: Column): boolean {
  return ['name', 'creation', 'modified'].includes(column.name)
}
