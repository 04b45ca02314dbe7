import { FrappeError, type DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { quoteIdent, tableName } from '../storage/identifiers.ts'

export interface LinkingDoc {
  readonly doctype: string
  readonly name: string
  readonly row: number | undefined
}

type StatusRule = 'not-cancelled' | 'submitted'

async function firstLink(ctx: RequestContext, from: DocType, fieldname: string, target: DocType, name: string, rule: StatusRule, dynamicOn: string | undefined): Promise<LinkingDoc | undefined> {
  const status = rule === 'submitted' ? `t."docstatus" = 1` : `t."docstatus" != 2`
  const dynamic = dynamicOn ? ` AND t.${quoteIdent(dynamicOn)} = ?` : ''
  const params = dynamicOn ? [name, target.name] : [name]
  if (!from.istable) {
    const row = await ctx.tx.get<{ name: string }>(`SELECT t."name" FROM ${tableName(from.name)} t WHERE t.${quoteIdent(fieldname)} = ?${dynamic} AND ${status} AND NOT (t."name" = ? AND ? = ?) LIMIT 1`, [...params, name, from.name, target.name])
    return row ? { doctype: from.name, name: row.name, row: undefined } : undefined
  }
  // Child rows inherit their parent's docstatus; report the parent, as Frappe does.
  const row = await ctx.tx.get<{ parent: string; parenttype: string; idx: number }>(
    `SELECT t."parent", t."parenttype", t."idx" FROM ${tableName(from.name)} t WHERE t.${quoteIdent(fieldname)} = ?${dynamic} AND ${status} LIMIT 1`, params)
  return row ? { doctype: row.parenttype, name: row.parent, row: Number(row.idx) } : undefined
}

/** The first document (not `target` itself) whose Link or Dynamic Link points at `target/name`. */
export async function findLinkingDoc(ctx: RequestContext, target: DocType, name: string, rule: StatusRule): Promise<LinkingDoc | undefined> {
  for (const from of ctx.site.schema.all()) {
    if (from.issingle) continue
    for (const f of from.linkFields) {
      if (f.fieldtype === 'Link' && f.options !== target.name) continue
      if (f.fieldtype === 'Link' && f.fieldname === 'amended_from') continue
      const found = await firstLink(ctx, from, f.fieldname, target, name, rule, f.fieldtype === 'Dynamic Link' ? f.options : undefined)
      if (found) return found
    }
  }
  return undefined
}

export function linkExists(doctype: string, name: string, by: LinkingDoc): FrappeError {
  const row = by.row === undefined ? '' : ` at Row: ${by.row}`
  return new FrappeError('LinkExistsError', `Cannot delete or cancel because ${doctype} ${name} is linked with ${by.doctype} ${by.name}${row}`)
}
