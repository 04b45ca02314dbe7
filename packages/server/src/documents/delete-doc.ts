import { FrappeError, type DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { checkPermission } from '../permissions/has-permission.ts'
import { deleteDoc, insertDoc } from './doc-repo.ts'
import { runHook } from './hooks.ts'
import { findLinkingDoc, linkExists } from './links.ts'
import { hashName, revertSeriesIfLast } from './naming-service.ts'
import { requireDoc } from './require-doc.ts'
import { appendChange } from '../sync/change-log.ts'
import { notifyAfterCommit } from '../realtime/doc-events.ts'

export const DELETED_DOCUMENT = 'Deleted Document'

async function recordDeletion(ctx: RequestContext, doctype: DocType, data: Record<string, unknown>): Promise<void> {
  const deleted = ctx.site.schema.get(DELETED_DOCUMENT)
  if (!deleted) return
  const now = ctx.now()
  const name = hashName(ctx)
  await appendChange(ctx.tx, { doctype: deleted.name, name, op: 'insert' })
  await insertDoc(ctx.tx, ctx.site.schema, deleted, {
    name, owner: ctx.user.name, creation: now, modified: now, modified_by: ctx.user.name,
    docstatus: 0, idx: 0, deleted_name: data['name'], deleted_doctype: doctype.name, restored: 0,
    data: JSON.stringify(data),
  })
}

/** Frappe's delete_doc: permission, submitted and link checks, on_trash, Deleted Document. */
export async function deleteDocument(ctx: RequestContext, doctype: DocType, name: string, options: { ignorePermissions?: boolean } = {}): Promise<void> {
  const schema = ctx.site.schema
  if (doctype.istable) throw new FrappeError('ValidationError', `${doctype.name} is a child table: delete the row through its parent`)
  const doc = await requireDoc(ctx, doctype, name)
  const stored = String(doc['name'])
  if (!options.ignorePermissions) checkPermission(schema, doctype, 'delete', ctx.user, doc)
  if (Number(doc['docstatus']) === 1) {
    throw new FrappeError('ValidationError', `${doctype.name} ${stored}: Submitted Record cannot be deleted. You must Cancel it first.`)
  }
  await runHook(ctx, doctype, 'onTrash', doc, doc)
  const by = await findLinkingDoc(ctx, doctype, stored, 'Delete')
  if (by) throw linkExists(doctype.name, stored, by)
  await deleteDoc(ctx.tx, schema, doctype, stored)
  await appendChange(ctx.tx, { doctype: doctype.name, name: stored, op: 'delete' })
  if (doctype.name !== DELETED_DOCUMENT) await recordDeletion(ctx, doctype, doc)
  await revertSeriesIfLast(ctx, doctype, stored)
  await runHook(ctx, doctype, 'afterDelete', doc, doc)
  notifyAfterCommit(ctx, 'delete', doctype, doc, undefined)
}
