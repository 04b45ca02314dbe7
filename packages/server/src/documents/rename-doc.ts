import { FrappeError, validateName, type DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { checkPermission } from '../permissions/has-permission.ts'
import { quoteIdent, tableName } from '../storage/identifiers.ts'
import { findDoc, loadDoc } from './doc-repo.ts'
import { runHook } from './hooks.ts'
import { appendChange } from '../sync/change-log.ts'
import { retargetTempNames } from '../sync/temp-name-store.ts'
import { notifyAfterCommit } from '../realtime/doc-events.ts'

/** Every Link and Dynamic Link that may hold a name of `target`, pointing it at the new name. */
async function rewriteLinks(ctx: RequestContext, target: DocType, oldName: string, newName: string): Promise<void> {
  for (const from of ctx.site.schema.all()) {
    if (from.issingle) continue
    for (const f of from.linkFields) {
      const col = quoteIdent(f.fieldname)
      if (f.fieldtype === 'Link' && f.options === target.name) {
        await ctx.tx.run(`UPDATE ${tableName(from.name)} SET ${col} = ? WHERE ${col} = ?`, [newName, oldName])
      } else if (f.fieldtype === 'Dynamic Link') {
        await ctx.tx.run(`UPDATE ${tableName(from.name)} SET ${col} = ? WHERE ${col} = ? AND ${quoteIdent(f.options)} = ?`, [newName, oldName, target.name])
      }
    }
  }
}

/**
 * Frappe's rename_doc without merge: the document, its child rows' `parent`, and every Link
 * and Dynamic Link to it take the new name. As in Frappe, no `modified` changes.
 */
export async function renameDocument(ctx: RequestContext, doctype: DocType, oldName: string, requested: string): Promise<string> {
  const schema = ctx.site.schema
  if (doctype.istable || doctype.issingle) throw new FrappeError('ValidationError', `${doctype.name} cannot be renamed`)
  if (!doctype.allowRename) throw new FrappeError('ValidationError', `${doctype.name} not allowed to be renamed`)
  const doc = await loadDoc(ctx.tx, schema, doctype, oldName)
  if (!doc) throw new FrappeError('DoesNotExistError', `Can't rename, ${doctype.name} ${oldName} does not exist`)
  checkPermission(schema, doctype, 'write', ctx.user, doc)
  const stored = String(doc['name'])
  const newName = validateName(doctype.name, requested)
  const existing = await findDoc(ctx.tx, doctype, newName)
  if (existing && existing.name !== stored) {
    throw new FrappeError('DuplicateEntryError', `Another ${doctype.name} with name ${newName} exists, select another name`)
  }
  await ctx.tx.run(`UPDATE ${tableName(doctype.name)} SET "name" = ? WHERE "name" = ?`, [newName, stored])
  for (const tf of doctype.tableFields) {
    const child = schema.get(tf.options)
    if (child) await ctx.tx.run(`UPDATE ${tableName(child.name)} SET "parent" = ? WHERE "parent" = ? AND "parenttype" = ?`, [newName, stored, doctype.name])
  }
  await rewriteLinks(ctx, doctype, stored, newName)
  await appendChange(ctx.tx, { doctype: doctype.name, name: newName, op: 'rename', fromName: stored })
  await retargetTempNames(ctx.tx, doctype.name, stored, newName)
  await runHook(ctx, doctype, 'afterRename', { ...doc, name: newName }, doc)
  notifyAfterCommit(ctx, 'rename', doctype, doc, { ...doc, name: newName }, stored)
  return newName
}
