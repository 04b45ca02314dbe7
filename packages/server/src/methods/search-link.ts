import { describeSearchRow, FrappeError, parseFilters, rankSearchResults, searchColumns, searchConditions, type DocType, type SearchLinkResult } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { hasPermission, notPermitted } from '../permissions/has-permission.ts'
import { matchConditions } from '../permissions/match-conditions.ts'
import { buildWhere } from '../query/build-where.ts'
import { quoteIdent, tableName } from '../storage/identifiers.ts'

export interface SearchArgs {
  readonly txt: string
  readonly filters?: unknown
  readonly pageLength: number
  readonly start: number
  readonly searchfield?: string | undefined
}

/** The doctype's own sort (sort_field, sort_order), after docstatus for submittable doctypes; an unknown sort_field sorts by modified. */
function metaSortSql(doctype: DocType): string {
  const known = doctype.field(doctype.sortField) || ['modified', 'creation', 'name', 'idx'].includes(doctype.sortField)
  return `${doctype.isSubmittable ? 't."docstatus" ASC, ' : ''}t.${quoteIdent(known ? doctype.sortField : 'modified')} ${doctype.sortOrder}`
}

/** frappe.desk.search.search_link over the site's data, with Frappe's ranking. */
export async function searchLink(ctx: RequestContext, doctype: DocType, args: SearchArgs): Promise<SearchLinkResult[]> {
  if (!hasPermission(ctx.site.schema, doctype, 'select', ctx.user)) throw notPermitted(doctype.name, 'read')
  if (args.searchfield && !doctype.field(args.searchfield) && args.searchfield !== 'name') throw new FrappeError('DataError', `Invalid searchfield: ${args.searchfield}`)
  const columns = searchColumns(doctype, args.searchfield)
  const { and, or } = searchConditions(doctype, args.txt)
  const where = buildWhere(ctx.site.schema, doctype, 't', [...parseFilters(args.filters), ...and], or)
  const match = matchConditions(doctype, 't', ctx.user)
  const sql = `SELECT ${columns.map((c) => `t.${quoteIdent(c)}`).join(', ')},
      CASE WHEN instr(lower(t."name"), lower(?)) > 0 THEN 1.0 / instr(lower(t."name"), lower(?)) END AS _relevance
    FROM ${tableName(doctype.name)} t WHERE ${where.sql} AND ${match.sql}
    ORDER BY _relevance DESC NULLS LAST, t."idx" DESC, ${metaSortSql(doctype)}
    LIMIT ? OFFSET ?`
  const rows = await ctx.tx.all(sql, [args.txt, args.txt, ...where.params, ...match.params, args.pageLength, args.start])
  return rankSearchResults(rows.map((r) => describeSearchRow(doctype, r, columns)), args.txt)
}
