import { checkDocstatusTransition, coerceDocument, FrappeError, validateDocument, validateLinks, type Doc, type DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { checkPermission } from '../permissions/has-permission.ts'
import type { Controller } from '../controllers/controller.ts'
import { loadDoc, updateDoc } from './doc-repo.ts'
import { runHooks } from './hooks.ts'
import { findLinkingDoc, linkExists } from './links.ts'
import { validationResolvers } from './resolvers.ts'
import { stampChildren } from './stamp.ts'

export type SaveAction = 'save' | 'submit' | 'update_after_submit' | 'cancel'

/** Fields a client may not set through a save; Frappe takes them from the stored row. */
const PROTECTED = ['name', 'owner', 'creation', 'modified_by', 'doctype', 'outpost_id'] as const

type HookName = Exclude<keyof Controller, 'autoname'>
const BEFORE: Record<SaveAction, HookName[]> = {
  save: ['beforeValidate', 'validate', 'beforeSave'],
  submit: ['beforeValidate', 'validate', 'beforeSubmit'],
  update_after_submit: ['beforeUpdateAfterSubmit'],
  cancel: ['beforeCancel'],
}
const AFTER: Record<SaveAction, HookName[]> = {
  save: ['onUpdate'],
  submit: ['onUpdate', 'onSubmit'],
  update_after_submit: ['onUpdateAfterSubmit'],
  cancel: ['onCancel'],
}

function actionFor(from: number, to: number): SaveAction {
  checkDocstatusTransition(from, to)
  if (from === 0) return to === 1 ? 'submit' : 'save'
  return to === 2 ? 'cancel' : 'update_after_submit'
}

export function notFound(doctype: string, name: string): FrappeError {
  return new FrappeError('DoesNotExistError', `${doctype} ${name} not found`)
}

export function timestampMismatch(stored: string, sent: string): FrappeError {
  return new FrappeError('TimestampMismatchError',
    `Error: Document has been modified after you have opened it (${stored}, ${sent}). Please refresh to get the latest document.`)
}

function merge(ctx: RequestContext, doctype: DocType, previous: Doc, patch: Doc): Doc {
  const incoming = coerceDocument(ctx.site.schema, doctype, { ...previous, ...patch })
  for (const k of PROTECTED) incoming[k] = previous[k]
  const now = ctx.now()
  return Object.assign(incoming, { modified: now, modified_by: ctx.user.name, docstatus: Number(incoming['docstatus'] ?? previous['docstatus']) })
}

export interface SaveOptions {
  /** Send `modified` to get optimistic concurrency; without it a save is last-write-wins. */
  readonly expectedModified?: string | undefined
  readonly ignorePermissions?: boolean
}

/** Frappe's Document.save() / submit() / cancel(): the docstatus transition picks the action. */
export async function saveDocument(ctx: RequestContext, doctype: DocType, name: string, patch: Doc, options: SaveOptions = {}): Promise<Doc> {
  const schema = ctx.site.schema
  const previous = await loadDoc(ctx.tx, schema, doctype, name)
  if (!previous) throw notFound(doctype.name, name)
  if (!options.ignorePermissions) checkPermission(schema, doctype, 'read', ctx.user, previous)
  if (options.expectedModified !== undefined && String(previous['modified']) !== options.expectedModified) {
    throw timestampMismatch(String(previous['modified']), options.expectedModified)
  }
  let doc = merge(ctx, doctype, previous, patch)
  const action = actionFor(Number(previous['docstatus']), Number(doc['docstatus']))
  if (!options.ignorePermissions) checkPermission(schema, doctype, action === 'submit' ? 'submit' : action === 'cancel' ? 'cancel' : 'write', ctx.user, doc)
  stampChildren(ctx, schema, doctype, doc, previous)
  // A cancel checks the client's change only: controllers may set status fields while cancelling.
  if (action === 'cancel') doc = await validateDocument(schema, doctype, doc, validationResolvers(ctx), { previous, action })
  else await validateLinks(schema, doctype, doc, validationResolvers(ctx))
  await runHooks(ctx, doctype, BEFORE[action], doc, previous)
  stampChildren(ctx, schema, doctype, doc, previous)
  if (action !== 'cancel') doc = await validateDocument(schema, doctype, doc, validationResolvers(ctx), { previous, action })
  if (action === 'cancel') {
    const by = await findLinkingDoc(ctx, doctype, name, 'submitted')
    if (by) throw linkExists(doctype.name, name, by)
  }
  await updateDoc(ctx.tx, schema, doctype, doc)
  await runHooks(ctx, doctype, AFTER[action], doc, previous)
  const saved = await loadDoc(ctx.tx, schema, doctype, name)
  if (!saved) throw notFound(doctype.name, name)
  return saved
}

export function submitDocument(ctx: RequestContext, doctype: DocType, name: string, options: SaveOptions = {}): Promise<Doc> {
  if (!doctype.isSubmittable) return Promise.reject(new FrappeError('ValidationError', `${doctype.name} is not submittable`))
  return saveDocument(ctx, doctype, name, { docstatus: 1 }, options)
}

export function cancelDocument(ctx: RequestContext, doctype: DocType, name: string, options: SaveOptions = {}): Promise<Doc> {
  if (!doctype.isSubmittable) return Promise.reject(new FrappeError('ValidationError', `${doctype.name} is not submittable`))
  return saveDocument(ctx, doctype, name, { docstatus: 2 }, options)
}
