import { type FilterCondition } from '@outpost/meta'
import type { DocType, Schema } from '@outpost/meta'
import type { SqlValue } from '../db/sql-db.ts'
import { columnNames, isNumericStorage, type Column } from '../storage/columns.ts'
import { quoteIdent, tableName } from '../storage/identifiers.ts'
import { dataError, neverNull, nullFallback, resolveColumn } from './resolve-column.ts'
import { treeCondition } from './tree-filter.ts'

export interface SqlFragment {
  readonly sql: string
  readonly params: SqlValue[]
}

function scalar(column: Column, value: unknown): SqlValue {
  const numeric = isNumericStorage(column.storage)
  if (value === null || value === undefined) return numeric ? 0 : ''
  if (numeric) {
    const n = Number(value)
    if (!Number.isFinite(n)) throw dataError(`Invalid value for ${column.name}: ${JSON.stringify(value)}`)
    return n
  }
  if (typeof value === 'object') throw dataError(`Invalid value for ${column.name}: ${JSON.stringify(value)}`)
  return String(value)
}

function listValues(column: Column, value: unknown): SqlValue[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((s) => s.trim()) : [value]
  return items.filter((v) => v !== '' || column.storage === 'text').map((v) => scalar(column, v))
}

function betweenBounds(column: Column, value: unknown): [SqlValue, SqlValue] {
  if (!Array.isArray(value) || value.length !== 2) throw dataError(`between needs a list of two values for ${column.name}`)
  let [from, to] = [scalar(column, value[0]), scalar(column, value[1])]
  if (column.storage === 'datetime') {
    if (typeof from === 'string' && from.length === 10) from = `${from} 00:00:00.000000`
    if (typeof to === 'string' && to.length === 10) to = `${to} 23:59:59.999999`
  }
  return [from, to]
}

const COMPARISONS: readonly string[] = ['=', '!=', '<', '>', '<=', '>=']

/**
 * SQLite refuses more than 32766 bound values and expressions nested deeper than 1000.
 * Past these, answer with a DataError (a final 417) rather than a database error (a 500
 * that clients would retry forever).
 */
const MAX_PARAMS = 30_000
const MAX_CONDITIONS = 500

function compare(col: string, column: Column, c: FilterCondition): SqlFragment {
  const fallback = nullFallback(column)
  // coalesce() drops the column's NOCASE collation, so text comparisons restore it.
  const collate = column.storage === 'text' ? ' COLLATE NOCASE' : ''
  const wrap = (useIfNull: boolean): string => (useIfNull && !neverNull(column) ? `coalesce(${col}, ?)${collate}` : col)
  const withFallback = (frag: string, useIfNull: boolean, params: SqlValue[]): SqlFragment =>
    ({ sql: frag, params: useIfNull && !neverNull(column) ? [fallback, ...params] : params })
  switch (c.op) {
    case 'in': case 'not in': {
      const values = listValues(column, c.value)
      // Frappe turns an empty list into ('') : `in []` matches empty values, `not in []` the rest.
      if (values.length === 0) return { sql: `coalesce(${col}, '') ${c.op === 'in' ? '=' : '!='} ''`, params: [] }
      return withFallback(`${wrap(true)} ${c.op === 'in' ? 'IN' : 'NOT IN'} (${values.map(() => '?').join(', ')})`, true, values)
    }
    case 'is': {
      const v = String(c.value ?? '').toLowerCase()
      if (v !== 'set' && v !== 'not set') throw dataError(`"is" needs "set" or "not set" for ${column.name}`)
      // numeric columns are NOT NULL DEFAULT 0; Frappe's `col != ''` on MariaDB treats 0 as not set
      if (isNumericStorage(column.storage)) return { sql: `coalesce(${col}, 0) ${v === 'set' ? '!=' : '='} 0`, params: [] }
      return { sql: `coalesce(${col}, '') ${v === 'set' ? '!=' : '='} ''`, params: [] }
    }
    case 'between': {
      const [from, to] = betweenBounds(column, c.value)
      return withFallback(`${wrap(true)} BETWEEN ? AND ?`, true, [from, to])
    }
    case 'like': case 'not like': {
      const useIfNull = !(c.op === 'like' && c.value)
      return withFallback(`${wrap(useIfNull)} ${c.op === 'like' ? 'LIKE' : 'NOT LIKE'} ?`, useIfNull, [scalar(column, c.value)])
    }
    default: {
      // the operator is interpolated: only plain comparisons may reach here
      if (!COMPARISONS.includes(c.op)) throw dataError(`Operator not permitted: ${String(c.op)}`)
      const value = scalar(column, c.value)
      const useIfNull = !(c.op === '=' && c.value)
      return withFallback(`${wrap(useIfNull)} ${c.op} ?`, useIfNull, [value])
    }
  }
}

/** Frappe's get_filter: a field the parent lacks but a child table has filters on that child table. */
function childHolding(schema: Schema, doctype: DocType, field: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field) || columnNames(doctype).has(field)) return undefined
  return doctype.tableFields.map((tf) => schema.get(tf.options)).find((child) => child && columnNames(child).has(field))?.name
}

function conditionSql(schema: Schema, doctype: DocType, alias: string, given: FilterCondition): SqlFragment {
  const c = given.doctype === undefined ? { ...given, doctype: childHolding(schema, doctype, given.field) } : given
  if (c.doctype !== undefined && c.doctype !== doctype.name) {
    const tf = doctype.tableFields.find((f) => f.options === c.doctype)
    const child = tf ? schema.get(c.doctype) : undefined
    if (!child) throw dataError(`Filter on ${c.doctype} is not allowed for ${doctype.name}`)
    const inner = conditionSql(schema, child, 'c', { ...c, doctype: undefined })
    return {
      sql: `EXISTS (SELECT 1 FROM ${tableName(child.name)} c WHERE c."parent" = ${alias}."name" AND c."parenttype" = ? AND ${inner.sql})`,
      params: [doctype.name, ...inner.params],
    }
  }
  const column = resolveColumn(doctype, c.field)
  const col = `${alias}.${quoteIdent(column.name)}`
  if (c.op.includes('descendants of') || c.op.includes('ancestors of')) return treeCondition(schema, doctype, column, col, c)
  return compare(col, column, c)
}

/** AND of `filters`, AND (OR of `orFilters`), each column checked against meta. */
export function buildWhere(schema: Schema, doctype: DocType, alias: string, filters: readonly FilterCondition[], orFilters: readonly FilterCondition[] = []): SqlFragment {
  if (filters.length + orFilters.length > MAX_CONDITIONS) throw dataError(`Too many filters: at most ${MAX_CONDITIONS}`)
  const parts: string[] = []
  const params: SqlValue[] = []
  for (const c of filters) {
    const f = conditionSql(schema, doctype, alias, c)
    parts.push(f.sql)
    params.push(...f.params)
  }
  if (orFilters.length > 0) {
    const ors = orFilters.map((c) => conditionSql(schema, doctype, alias, c))
    parts.push(`(${ors.map((f) => f.sql).join(' OR ')})`)
    for (const f of ors) params.push(...f.params)
  }
  if (params.length > MAX_PARAMS) throw dataError(`Too many filter values: at most ${MAX_PARAMS}`)
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params }
}
