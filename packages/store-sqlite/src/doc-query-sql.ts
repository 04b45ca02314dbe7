import { FrappeError, type DocType, type Schema } from '@outpost/meta'
import type { DocQuery } from '@outpost/core'
import { docField } from './field-sql.ts'
import { whereSql } from './filter-sql.ts'
import { tableIdent, type SqlFragment, type SqlValue } from './sql-text.ts'

const ALIAS = 't'

/**
 * ORDER BY: search_link's name rank first (position of the text, non-matching last), then the
 * `orderBy` terms (NULL first ascending, as SQLite sorts), then `name` for a stable page.
 */
function orderSql(doctype: DocType, query: DocQuery): SqlFragment {
  const terms: string[] = []
  const params: SqlValue[] = []
  if (query.rankByName !== undefined) {
    // lower() folds ASCII only, as foldCase does; instr() is 0 when the text is absent
    const at = `instr(lower(${ALIAS}."name"), lower(?))`
    terms.push(`${at} = 0`, at)
    params.push(query.rankByName, query.rankByName)
  }
  for (const t of query.orderBy ?? []) {
    const x = docField(doctype, ALIAS, t.field)
    terms.push(`${x.sql} ${t.order === 'desc' ? 'DESC' : 'ASC'}`)
    params.push(...x.params)
  }
  terms.push(`${ALIAS}."name" ASC`)
  return { sql: terms.join(', '), params }
}

function pageSql(query: DocQuery): SqlFragment {
  const count = (n: number | undefined, what: string): number | undefined => {
    if (n === undefined) return undefined
    if (!Number.isInteger(n) || n < 0) throw new FrappeError('DataError', `${what} must be a non-negative integer`)
    return n
  }
  const limit = count(query.limit, 'limit')
  const offset = count(query.offset, 'offset') ?? 0
  if (limit === undefined && offset === 0) return { sql: '', params: [] }
  return { sql: ' LIMIT ? OFFSET ?', params: [limit ?? -1, offset] }
}

/** The SELECT behind queryDocs: documents as JSON text, filtered, ordered and paged. */
export function selectDocsSql(schema: Schema, doctype: DocType, query: DocQuery): SqlFragment {
  const where = whereSql(schema, doctype, ALIAS, query.filters, query.orFilters)
  const order = orderSql(doctype, query)
  const page = pageSql(query)
  return {
    sql: `SELECT ${ALIAS}."doc" AS doc FROM ${tableIdent(doctype.name)} ${ALIAS} WHERE ${where.sql} ORDER BY ${order.sql}${page.sql}`,
    params: [...where.params, ...order.params, ...page.params],
  }
}

export function countDocsSql(schema: Schema, doctype: DocType, query: Pick<DocQuery, 'filters' | 'orFilters'>): SqlFragment {
  const where = whereSql(schema, doctype, ALIAS, query.filters, query.orFilters)
  return { sql: `SELECT count(*) AS n FROM ${tableIdent(doctype.name)} ${ALIAS} WHERE ${where.sql}`, params: where.params }
}
