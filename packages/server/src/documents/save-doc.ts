import { coerceDocument, docstatusAction, FrappeError, STANDARD_FIELDS, validateDocument, validateLinks, type Doc, type DocstatusAction, type DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { checkPermission } from '../permissions/has-permission.ts'
import type { HookName } from '../controllers/controller.ts'
import { loadDoc, updateDoc } from './doc-repo.ts'
import { runHooks } from './hooks.ts'
import { findLinkingDoc, linkExists } from './links.ts'
import { notFound, requireDoc } from './require-doc.ts'
import { refuseUnsubmittable } from './submittable.ts'
import { validationResolvers } from './resolvers.ts'
import { redrawRowName, stampChildren } from './stamp.ts'
import { appendChange, type ChangeOp } from '../sync/change-log.ts'
import { notifyAfterCommit } from '../realtime/doc-events.ts'

/** What a save does, picked by the docstatus change (meta's docstatusAction). */
export type SaveAction = DocstatusAction

/** Fields a client may not set through a save; Frappe takes them from the stored row. */
const PROTECTED = ['name', 'owner', 'creation', 'modified_by', 'doctype', 'outpost_id'] as const

const BEFORE: Record<SaveAction, HookName[]> = {
  save: ['beforeValidate', 'validate', 'beforeSave'],
  submit: ['beforeValidate', 'validate', 'beforeSubmit'],
  update_after_submit: ['beforeUpdateAfterSubmit'],
  cancel: ['beforeCancel'],
}
/** The change-log entry of each action. */
const CHANGE_OP: Record<SaveAction, ChangeOp> = { save: 'update', submit: 'submit', update_after_submit: 'update', cancel: 'cancel' }

const AFTER: Record<SaveAction, HookName[]> = {
  save: ['onUpdate'],
  submit: ['onUpdate', 'onSubmit'],
  update_after_submit: ['onUpdateAfterSubmit'],
  cancel: ['onCancel'],
}

export function timestampMismatch(stored: string, sent: string): FrappeError {
  return new FrappeError('TimestampMismatchError',
    `Error: Document has been modified after you have opened it (${stored}, ${sent}). Please refresh to get the latest document.`)
}

export interface SaveOptions {
  /** Send `modified` to get optimistic concurrency; without it a save is last-write-wins. */
  readonly expectedModified?: string | undefined
  /**
   * `frappe.client.save` semantics: the posted document replaces the stored one (a field or
   * table left out becomes empty). Without it the patch is merged over the stored document.
   */
  readonly replace?: boolean
  readonly ignorePermissions?: boolean
}

function incoming(ctx: RequestContext, doctype: DocType, previous: Doc, patch: Doc, replace: boolean): Doc {
  const base: Doc = replace ? Object.fromEntries(STANDARD_FIELDS.map((f) => [f, previous[f]])) : previous
  const doc = coerceDocument(ctx.site.schema, doctype, { ...base, ...patch })
  for (const k of PROTECTED) doc[k] = previous[k]
  return Object.assign(doc, { modified: ctx.now(), modified_by: ctx.user.name, docstatus: Number(doc['docstatus'] ?? previous['docstatus']) })
}

function checkRights(ctx: RequestContext, doctype: DocType, action: SaveAction, doc: Doc): void {
  checkPermission(ctx.site.schema, doctype, 'write', ctx.user, doc)
  if (action === 'submit') checkPermission(ctx.site.schema, doctype, 'submit', ctx.user, doc)
  if (action === 'cancel') checkPermission(ctx.site.schema, doctype, 'cancel', ctx.user, doc)
}

/** Validation around the controller's hooks, in Frappe's order. */
async function validateAround(ctx: RequestContext, doctype: DocType, doc: Doc, previous: Doc, action: SaveAction): Promise<Doc> {
  const schema = ctx.site.schema
  const resolvers = validationResolvers(ctx)
  stampChildren(ctx, schema, doctype, doc, previous)
  // A cancel checks the client's change only: controllers may set status fields while cancelling.
  let checked = action === 'cancel' ? await validateDocument(schema, doctype, doc, resolvers, { previous, action }) : doc
  if (action !== 'cancel') await validateLinks(schema, doctype, checked, resolvers)
  await runHooks(ctx, doctype, BEFORE[action], checked, previous)
  stampChildren(ctx, schema, doctype, checked, previous)
  if (action !== 'cancel') checked = await validateDocument(schema, doctype, checked, resolvers, { previous, action })
  return checked
}

/** Frappe's Document.save() / submit() / cancel(): the docstatus transition picks the action. */
export async function saveDocument(ctx: RequestContext, doctype: DocType, name: string, patch: Doc, options: SaveOptions = {}): Promise<Doc> {
  const schema = ctx.site.schema
  if (doctype.istable) throw new FrappeError('ValidationError', `${doctype.name} is a child table: save it through its parent`)
  const previous = await requireDoc(ctx, doctype, name)
  if (!options.ignorePermissions) checkPermission(schema, doctype, 'read', ctx.user, previous)
  const expected = options.replace ? (options.expectedModified ?? '') : options.expectedModified
  if (expected !== undefined && String(previous['modified']) !== expected) throw timestampMismatch(String(previous['modified']), expected)
  const draft = incoming(ctx, doctype, previous, patch, options.replace ?? false)
  if (Number(draft['docstatus']) !== Number(previous['docstatus'])) refuseUnsubmittable(doctype, Number(draft['docstatus']))
  const action = docstatusAction(Number(previous['docstatus']), Number(draft['docstatus']))
  if (!options.ignorePermissions) checkRights(ctx, doctype, action, draft)
  const doc = await validateAround(ctx, doctype, draft, previous, action)
  await updateDoc(ctx.tx, schema, doctype, doc, redrawRowName(ctx))
  await appendChange(ctx.tx, { doctype: doctype.name, name: String(previous['name']), op: CHANGE_OP[action] })
  await runHooks(ctx, doctype, AFTER[action], doc, previous)
  if (action === 'cancel') {
    const by = await findLinkingDoc(ctx, doctype, String(previous['name']), 'Cancel')
    if (by) throw linkExists(doctype.name, String(previous['name']), by)
  }
  await runHooks(ctx, doctype, ['onChange'], doc, previous)
  const saved = await loadDoc(ctx.tx, schema, doctype, String(previous['name']))
  if (!saved) throw notFound(doctype.name, name)
  notifyAfterCommit(ctx, CHANGE_OP[action], doctype, previous, saved)
  return saved
}

/** Submit (1) or cancel (2): a docstatus change only submittable doctypes have. */
async function setDocstatus(ctx: RequestContext, doctype: DocType, name: string, docstatus: 1 | 2, options: SaveOptions): Promise<Doc> {
  refuseUnsubmittable(doctype, docstatus)
  return saveDocument(ctx, doctype, name, { docstatus }, options)
}

export function submitDocument(ctx: RequestContext, doctype: DocType, name: string, options: SaveOptions = {}): Promise<Doc> {
  return setDocstatus(ctx, doctype, name, 1, options)
}

export function cancelDocument(ctx: RequestContext, doctype: DocType, name: string, options: SaveOptions = {}): Promise<Doc> {
  return setDocstatus(ctx, doctype, name, 2, options)
}
