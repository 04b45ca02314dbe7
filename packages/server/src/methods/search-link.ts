import { parseFilters, type FilterCondition } from '@outpost/meta'
import { FrappeError, type DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { hasPermission, notPermitted } from '../permissions/has-permission.ts'
import { matchConditions } from '../permissions/match-conditions.ts'
import { buildWhere } from '../query/build-where.ts'
import { quoteIdent, tableName } from '../storage/identifiers.ts'

const SEARCHABLE = new Set(['Data', 'Text', 'Small Text', 'Long Text', 'Link', 'Select', 'Read Only', 'Text Editor'])

export interface SearchArgs {
  readonly txt: string
  readonly filters?: unknown
  readonly pageLength: number
  readonly start: number
  readonly searchfield?: string | undefined
}

export interface SearchResult {
  readonly value: string
  readonly description: string
  readonly label?: string
}

/** Frappe's get_std_fields_list: name, search_fields, title_field, then the search key. */
function searchColumns(doctype: DocType, searchfield: string | undefined): string[] {
  const cols = ['name']
  const add = (f: string | undefined): void => {
    if (f && !cols.includes(f) && (f === 'name' || doctype.field(f))) cols.push(f)
  }
  for (const f of doctype.searchFields) add(f)
  add(doctype.titleField)
  add(searchfield)
  return cols
}

/** LIKE on name, the title field and search_fields (not on `searchfield`, which only adds a column). */
function orFilters(doctype: DocType, txt: string): FilterCondition[] {
  if (!txt) return []
  const columns = searchColumns(doctype, undefined)
  return columns
    .filter((c) => c === 'name' || SEARCHABLE.has(doctype.field(c)?.fieldtype ?? ''))
    .map((c) => ({ doctype: undefined, field: c, op: 'like', value: `%${txt}%` }))
}

function enabledFilters(doctype: DocType): FilterCondition[] {
  const out: FilterCondition[] = []
  if (doctype.field('enabled')?.fieldtype === 'Check') out.push({ doctype: undefined, field: 'enabled', op: '=', value: 1 })
  if (doctype.field('disabled')?.fieldtype === 'Check') out.push({ doctype: undefined, field: 'disabled', op: '!=', value: 1 })
  return out
}

function describe(doctype: DocType, row: Record<string, unknown>, columns: string[]): SearchResult {
  const value = String(row['name'])
  const unique = (values: unknown[]): string => [...new Set(values.filter((v) => v !== null && v !== undefined && v !== '').map(String))].join(', ')
  const rest = columns.slice(1).map((c) => row[c])
  if (doctype.showTitleFieldInLink && doctype.titleField) {
    const label = row[doctype.titleField]
    const others = columns.slice(1).filter((c) => c !== doctype.titleField).map((c) => row[c])
    return { value, label: label === null || label === undefined ? '' : String(label), description: unique([value, ...others]) }
  }
  return { value, description: unique(rest) }
}

/** The doctype's own sort (sort_field, sort_order), after docstatus for submittable doctypes; an unknown sort_field sorts by modified. */
function metaSortSql(doctype: DocType): string {
  const known = doctype.field(doctype.sortField) || ['modified', 'creation', 'name', 'idx'].includes(doctype.sortField)
  return `${doctype.isSubmittable ? 't."docstatus" ASC, ' : ''}t.${quoteIdent(known ? doctype.sortField : 'modified')} ${doctype.sortOrder}`
}

/** frappe.desk.search.search_link over the site's data, with Frappe's ranking. */
export async function searchLink(ctx: RequestContext, doctype: DocType, args: SearchArgs): Promise<SearchResult[]> {
  if (!hasPermission(ctx.site.schema, doctype, 'select', ctx.user)) throw notPermitted(doctype.name, 'read')
  if (args.searchfield && !doctype.field(args.searchfield) && args.searchfield !== 'name') throw new FrappeError('DataError', `Invalid searchfield: ${args.searchfield}`)
  const columns = searchColumns(doctype, args.searchfield)
  const where = buildWhere(ctx.site.schema, doctype, 't', [...parseFilters(args.filters), ...enabledFilters(doctype)], orFilters(doctype, args.txt))
  const match = matchConditions(doctype, 't', ctx.user)
  const sql = `SELECT ${columns.map((c) => `t.${quoteIdent(c)}`).join(', ')},
      CASE WHEN instr(lower(t."name"), lower(?)) > 0 THEN 1.0 / instr(lower(t."name"), lower(?)) END AS _relevance
    FROM ${tableName(doctype.name)} t WHERE ${where.sql} AND ${match.sql}
    ORDER BY _relevance IS NULL, _relevance DESC, t."idx" DESC, ${metaSortSql(doctype)}
    LIMIT ? OFFSET ?`
  const rows = await ctx.tx.all(sql, [args.txt, args.txt, ...where.params, ...match.params, args.pageLength, args.start])
  const txt = args.txt.toLowerCase()
  const results = rows.map((r) => describe(doctype, r, columns))
  if (!txt) return results
  // Frappe re-sorts the page: names starting with txt first, then by name.
  return results
    .map((r, i) => ({ r, i, starts: r.value.toLowerCase().startsWith(txt) }))
    .sort((a, b) => (a.starts === b.starts ? (a.r.value < b.r.value ? -1 : a.r.value > b.r.value ? 1 : a.i - b.i) : a.starts ? -1 : 1))
    .map((x) => x.r)
}
