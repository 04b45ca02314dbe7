import type { DocType } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import type { StoreReader } from '../ports/local-store.ts'

export interface LocalLink {
  readonly doctype: string
  readonly name: string
}

/**
 * Every local document (parent or child row) whose Link or Dynamic Link holds `doctype/name`,
 * optionally limited by the linking document's docstatus.
 */
export async function findLinks(ctx: ReplicaContext, tx: StoreReader, target: DocType, name: string, docstatus?: (status: number) => boolean): Promise<LocalLink[]> {
  const out: LocalLink[] = []
  for (const from of ctx.schema.all()) {
    if (from.istable || from.issingle) continue
    const parts = [from, ...ctx.schema.childDocTypes(from)]
    for (const part of parts) {
      for (const f of part.linkFields) {
        if (f.fieldtype === 'Link' && f.options !== target.name) continue
        const conditions = [{ doctype: part === from ? undefined : part.name, field: f.fieldname, op: '=' as const, value: name }]
        if (f.fieldtype === 'Dynamic Link') conditions.push({ doctype: part === from ? undefined : part.name, field: f.options, op: '=' as const, value: target.name })
        for (const doc of await tx.queryDocs(from.name, { filters: conditions })) {
          if (from.name === target.name && String(doc['name']).toLowerCase() === name.toLowerCase()) continue
          if (docstatus && !docstatus(Number(doc['docstatus'] ?? 0))) continue
          out.push({ doctype: from.name, name: String(doc['name']) })
        }
      }
    }
  }
  return out
}

/** Frappe's rules: deleting is blocked by any link, cancelling by a submitted one (not amended_from). */
export async function findLocalLink(ctx: ReplicaContext, tx: StoreReader, target: DocType, name: string, check: 'Delete' | 'Cancel'): Promise<LocalLink | undefined> {
  const links = await findLinks(ctx, tx, target, name, check === 'Cancel' ? (s) => s === 1 : undefined)
  return links[0]
}
