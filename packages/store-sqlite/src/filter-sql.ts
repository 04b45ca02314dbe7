import { FrappeError, storageOf, type DocType, type FilterCondition, type Schema } from '@outpost/meta'
import { conditionSql } from './condition-sql.ts'
import { docField, rowField } from './field-sql.ts'
import { jsonPath, type SqlFragment, type SqlValue } from './sql-text.ts'

/** SQLite nests expressions at most 1000 deep and binds at most 32766 values: refuse before it does. */
const MAX_CONDITIONS = 400
const MAX_PARAMS = 30_000

const knownTo = (doctype: DocType, field: string): boolean => {
  try {
    storageOf(doctype, field)
    return true
  } catch {
    return false
  }
}

/** Frappe's fallback: a field only a child table has filters on that child table. */
function childHolding(schema: Schema, doctype: DocType, field: string): string | undefined {
  if (knownTo(doctype, field)) return undefined
  return doctype.tableFields.map((tf) => schema.get(tf.options)).find((child) => child?.field(field))?.name
}

/** Any row of any table field of that child DocType matches: rows live in the `doc` JSON. */
function childCondition(schema: Schema, doctype: DocType, alias: string, childName: string, c: FilterCondition): SqlFragment {
  const child = schema.get(childName)
  const fields = doctype.tableFields.filter((f) => f.options === childName)
  if (!child || fields.length === 0) throw new FrappeError('DataError', `Filter on ${childName} is not allowed for ${doctype.name}`)
  const inner = conditionSql(rowField(child, 'j.value', c.field), c)
  const params: SqlValue[] = []
  const exists = fields.map((f) => {
    params.push(jsonPath(f.fieldname), ...inner.params)
    return `EXISTS (SELECT 1 FROM json_each(${alias}."doc", ?) j WHERE ${inner.sql})`
  })
  return { sql: exists.length === 1 ? exists[0]! : `(${exists.join(' OR ')})`, params }
}

function condition(schema: Schema, doctype: DocType, alias: string, c: FilterCondition): SqlFragment {
  const childName = c.doctype ?? childHolding(schema, doctype, c.field)
  if (childName !== undefined && childName !== doctype.name) return childCondition(schema, doctype, alias, childName, c)
  return conditionSql(docField(doctype, alias, c.field), c)
}

/** get_list's WHERE: AND of `filters`, AND (OR of `orFilters`). */
export function whereSql(schema: Schema, doctype: DocType, alias: string, filters: readonly FilterCondition[] = [], orFilters: readonly FilterCondition[] = []): SqlFragment {
  if (filters.length + orFilters.length > MAX_CONDITIONS) throw new FrappeError('DataError', `Too many filters: at most ${MAX_CONDITIONS}`)
  const parts = filters.map((c) => condition(schema, doctype, alias, c))
  if (orFilters.length > 0) {
    const ors = orFilters.map((c) => condition(schema, doctype, alias, c))
    parts.push({ sql: `(${ors.map((f) => f.sql).join(' OR ')})`, params: ors.flatMap((f) => f.params) })
  }
  const params = parts.flatMap((p) => p.params)
  if (params.length > MAX_PARAMS) throw new FrappeError('DataError', `Too many filter values: at most ${MAX_PARAMS}`)
  return { sql: parts.length > 0 ? parts.map((p) => p.sql).join(' AND ') : '1', params }
}
