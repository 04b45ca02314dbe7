import { applyDefaults, checkDocstatusTransition, coerceDocument, FrappeError, validateDocument, validateLinks, type Doc, type DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import type { HookName } from '../controllers/controller.ts'
import { checkPermission } from '../permissions/has-permission.ts'
import { tableName } from '../storage/identifiers.ts'
import { appendChange } from '../sync/change-log.ts'
import { notifyAfterCommit } from '../realtime/doc-events.ts'
import { findDoc, insertDoc, loadDoc, writtenDoc } from './doc-repo.ts'
import { runHook, runHooks } from './hooks.ts'
import { assignName } from './naming-service.ts'
import { validationResolvers } from './resolvers.ts'
import { redrawRowName, stampChildren } from './stamp.ts'
import { refuseUnsubmittable } from './submittable.ts'

export interface InsertOptions {
  readonly ignorePermissions?: boolean
}

function prepare(ctx: RequestContext, doctype: DocType, input: Doc): Doc {
  const schema = ctx.site.schema
  if (doctype.istable) throw new FrappeError('ValidationError', `${doctype.name} is a child table: insert it through its parent`)
  if (doctype.issingle) throw new FrappeError('ValidationError', `${doctype.name} is a Single DocType and cannot be inserted`)
  const doc = applyDefaults(schema, doctype, coerceDocument(schema, doctype, input), { today: ctx.site.clock.today(), now: ctx.now(), user: ctx.user.name })
  const docstatus = Number(doc['docstatus'] ?? 0)
  checkDocstatusTransition(undefined, docstatus)
  refuseUnsubmittable(doctype, docstatus)
  const now = ctx.now()
  // A client-sent name survives only where naming reads it (Prompt); see planName.
  if (doctype.autoname?.toLowerCase() !== 'prompt') delete doc['name']
  return Object.assign(doc, { docstatus, owner: ctx.user.name, creation: now, modified: now, modified_by: ctx.user.name, doctype: doctype.name })
}

async function checkNotDuplicate(ctx: RequestContext, doctype: DocType, doc: Doc): Promise<void> {
  const name = String(doc['name'])
  if (await findDoc(ctx.tx, doctype, name)) {
    throw new FrappeError('DuplicateEntryError', `${doctype.name} ${name} already exists`, { title: 'Duplicate Name' })
  }
  const outpostId = doc['outpost_id']
  if (typeof outpostId === 'string' && outpostId !== '') {
    const row = await ctx.tx.get(`SELECT "name" FROM ${tableName(doctype.name)} WHERE "outpost_id" = ?`, [outpostId])
    if (row) throw new FrappeError('DuplicateEntryError', `${doctype.name} ${String(row['name'])} already exists`, { title: 'Duplicate Name' })
  }
}

/** Frappe's Document.insert(): defaults, permissions, naming, hooks, validation, write. */
export async function insertDocument(ctx: RequestContext, doctype: DocType, input: Doc, options: InsertOptions = {}): Promise<Doc> {
  const schema = ctx.site.schema
  const submitting = Number(input['docstatus'] ?? 0) === 1
  if (!options.ignorePermissions) checkPermission(schema, doctype, 'create', ctx.user)
  if (!options.ignorePermissions && submitting) checkPermission(schema, doctype, 'submit', ctx.user)
  let doc = prepare(ctx, doctype, input)
  await runHooks(ctx, doctype, ['beforeInsert', 'beforeNaming'], doc, undefined)
  doc['name'] = await assignName(ctx, doctype, doc)
  await checkNotDuplicate(ctx, doctype, doc)
  stampChildren(ctx, schema, doctype, doc, undefined)
  // Frappe checks links before the controller's validate; they are checked again after it.
  await validateLinks(schema, doctype, doc, validationResolvers(ctx))
  await runHooks(ctx, doctype, ['beforeValidate', 'validate', submitting ? 'beforeSubmit' : 'beforeSave'], doc, undefined)
  stampChildren(ctx, schema, doctype, doc, undefined)
  doc = await validateDocument(schema, doctype, doc, validationResolvers(ctx), { action: submitting ? 'submit' : 'insert' })
  if (!options.ignorePermissions) checkPermission(schema, doctype, 'create', ctx.user, doc)
  await insertDoc(ctx.tx, schema, doctype, doc, redrawRowName(ctx))
  await appendChange(ctx.tx, { doctype: doctype.name, name: String(doc['name']), op: 'insert' })
  await runHooks(ctx, doctype, ['afterInsert', 'onUpdate'], doc, undefined)
  if (submitting) await runHook(ctx, doctype, 'onSubmit', doc, undefined)
  await runHook(ctx, doctype, 'onChange', doc, undefined)
  const saved = await savedDoc(ctx, doctype, doc, submitting)
  notifyAfterCommit(ctx, 'insert', doctype, undefined, saved)
  return saved
}

const AFTER_WRITE: readonly HookName[] = ['afterInsert', 'onUpdate', 'onChange']

/**
 * The inserted document as stored. Built from what was written unless a hook that runs after
 * the write could have changed it (in memory or in the database): then it is read back.
 */
async function savedDoc(ctx: RequestContext, doctype: DocType, doc: Doc, submitting: boolean): Promise<Doc> {
  const controller = ctx.site.controllers[doctype.name]
  const hooked = controller !== undefined && (AFTER_WRITE.some((h) => controller[h] !== undefined) || (submitting && controller.onSubmit !== undefined))
  const written = hooked ? undefined : writtenDoc(ctx.site.schema, doctype, doc)
  if (written) return written
  const saved = await loadDoc(ctx.tx, ctx.site.schema, doctype, String(doc['name']))
  if (!saved) throw new FrappeError('InternalServerError', 'Inserted document could not be read back')
  return saved
}
