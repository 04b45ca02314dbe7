import { FrappeError, type DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { quoteIdent, tableName } from '../storage/identifiers.ts'

export interface LinkingDoc {
  readonly doctype: string
  readonly name: string
}

/**
 * Frappe's check_if_doc_is_linked / check_if_doc_is_dynamically_linked:
 * - Delete: any document linking through a Link (whatever its docstatus), or a non-cancelled one
 *   through a Dynamic Link;
 * - Cancel: only submitted documents, and `amended_from` does not count.
 */
export type LinkCheck = 'Delete' | 'Cancel'

function statusSql(check: LinkCheck, dynamic: boolean): string {
  if (check === 'Cancel') return 't."docstatus" = 1'
  return dynamic ? 't."docstatus" < 2' : '1 = 1'
}

async function firstLink(ctx: RequestContext, from: DocType, fieldname: string, target: DocType, name: string, check: LinkCheck, dynamicOn: string | undefined): Promise<LinkingDoc | undefined> {
  const dynamic = dynamicOn ? ` AND t.${quoteIdent(dynamicOn)} = ?` : ''
  const params = dynamicOn ? [name, target.name] : [name]
  const where = `t.${quoteIdent(fieldname)} = ?${dynamic} AND ${statusSql(check, dynamicOn !== undefined)}`
  if (!from.istable) {
    // A document that names itself (a tree root, say) does not block its own deletion.
    const row = await ctx.tx.get<{ name: string }>(`SELECT t."name" FROM ${tableName(from.name)} t WHERE ${where} AND NOT (? = ? AND t."name" = ?) LIMIT 1`, [...params, from.name, target.name, name])
    return row ? { doctype: from.name, name: row.name } : undefined
  }
  // Child rows carry their parent's docstatus; the parent is what links.
  const row = await ctx.tx.get<{ parent: string; parenttype: string }>(
    `SELECT t."parent", t."parenttype" FROM ${tableName(from.name)} t WHERE ${where} AND NOT (t."parenttype" = ? AND t."parent" = ?) LIMIT 1`, [...params, target.name, name])
  return row ? { doctype: row.parenttype, name: row.parent } : undefined
}

/** The first document (not `target` itself) whose Link or Dynamic Link blocks `check` on `target/name`. */
export async function findLinkingDoc(ctx: RequestContext, target: DocType, name: string, check: LinkCheck): Promise<LinkingDoc | undefined> {
  for (const from of ctx.site.schema.all()) {
    if (from.issingle) continue
    for (const f of from.linkFields) {
      if (f.fieldtype === 'Link' && f.options !== target.name) continue
      if (check === 'Cancel' && f.fieldname === 'amended_from') continue
      const found = await firstLink(ctx, from, f.fieldname, target, name, check, f.fieldtype === 'Dynamic Link' ? f.options : undefined)
      if (found) return found
    }
  }
  return undefined
}

export function linkExists(doctype: string, name: string, by: LinkingDoc): FrappeError {
  return new FrappeError('LinkExistsError', `Cannot delete or cancel because ${doctype} ${name} is linked with ${by.doctype} ${by.name}`)
}
