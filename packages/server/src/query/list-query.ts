import { parseFilters } from '@outpost/meta'
import { FrappeError, type Doc, type DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { decodePartialRow } from '../documents/row-codec.ts'
import { hasPermission, notPermitted } from '../permissions/has-permission.ts'
import { matchConditions } from '../permissions/match-conditions.ts'
import { tableName } from '../storage/identifiers.ts'
import { buildWhere, type SqlFragment } from './build-where.ts'
import { groupBySql, orderBySql } from './order-by.ts'
import { selectFields } from './select-fields.ts'
import { dataError } from './resolve-column.ts'
import { countArg } from '../http/request-args.ts'

export interface ListArgs {
  readonly fields?: unknown
  readonly filters?: unknown
  readonly or_filters?: unknown
  readonly order_by?: unknown
  readonly group_by?: unknown
  readonly limit_start?: unknown
  readonly limit_page_length?: unknown
  readonly limit?: unknown
  readonly as_dict?: unknown
  readonly parent?: unknown
}

/** Child tables are listed through their parent, as Frappe's check_parent_permission demands. */
function childScope(ctx: RequestContext, doctype: DocType, parent: unknown): SqlFragment {
  if (!doctype.istable) return { sql: '1 = 1', params: [] }
  const parentType = typeof parent === 'string' ? ctx.site.schema.get(parent) : undefined
  if (!parentType || !parentType.tableFields.some((f) => f.options === doctype.name)) {
    throw new FrappeError('PermissionError', `Please specify a valid parent DocType for ${doctype.name}`)
  }
  if (!hasPermission(ctx.site.schema, parentType, 'read', ctx.user)) throw notPermitted(parentType.name, 'read')
  const match = matchConditions(parentType, 'p', ctx.user)
  return {
    sql: `t."parenttype" = ? AND EXISTS (SELECT 1 FROM ${tableName(parentType.name)} p WHERE p."name" = t."parent" AND ${match.sql})`,
    params: [parentType.name, ...match.params],
  }
}

function whereClause(ctx: RequestContext, doctype: DocType, args: ListArgs): SqlFragment {
  const schema = ctx.site.schema
  const filters = buildWhere(schema, doctype, 't', parseFilters(args.filters), parseFilters(args.or_filters, 'or_filters'))
  const scope = doctype.istable ? childScope(ctx, doctype, args.parent) : matchConditions(doctype, 't', ctx.user)
  return { sql: `${filters.sql} AND ${scope.sql}`, params: [...filters.params, ...scope.params] }
}

/** `frappe.client.get_list`: permission-filtered rows. No order_by, no ORDER BY: as Frappe v15. */
export async function getList(ctx: RequestContext, doctype: DocType, args: ListArgs): Promise<Doc[] | unknown[][]> {
  const fields = selectFields(doctype, 't', args.fields)
  const where = whereClause(ctx, doctype, args)
  const pageLength = countArg(args.limit_page_length ?? args.limit, 'limit_page_length', 20, dataError)
  const start = countArg(args.limit_start, 'limit_start', 0, dataError)
  const keys = new Set(fields.map((f) => f.key))
  let sql = `SELECT ${fields.map((f) => `${f.sql} AS "${f.key.replaceAll('"', '')}"`).join(', ')} FROM ${tableName(doctype.name)} t WHERE ${where.sql}`
  sql += groupBySql(doctype, 't', args.group_by)
  sql += orderBySql(doctype, 't', args.order_by, keys)
  if (pageLength > 0) sql += ` LIMIT ${pageLength} OFFSET ${start}`
  else if (start > 0) sql += ` LIMIT -1 OFFSET ${start}`
  const rows = (await ctx.tx.all(sql, where.params)).map((r) => decodePartialRow(doctype, r))
  const asDict = args.as_dict === undefined || args.as_dict === null || ![0, '0', false, 'false', 'False'].includes(args.as_dict as never)
  return asDict ? rows : rows.map((r) => fields.map((f) => r[f.key]))
}

/** Count of the rows `getList` would return (permission-filtered: stricter than v15's get_count). */
export async function getCount(ctx: RequestContext, doctype: DocType, args: ListArgs): Promise<number> {
  const where = whereClause(ctx, doctype, args)
  const row = await ctx.tx.get<{ n: number }>(`SELECT count(*) AS n FROM ${tableName(doctype.name)} t WHERE ${where.sql}`, where.params)
  return Number(row?.n ?? 0)
}
