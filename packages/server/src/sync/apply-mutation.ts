import { FrappeError, type Doc, type DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { deleteDocument } from '../documents/delete-doc.ts'
import { insertDocument } from '../documents/insert-doc.ts'
import { cancelDocument, saveDocument, submitDocument, type SaveOptions } from '../documents/save-doc.ts'
import { requireDocType } from '../require-doctype.ts'
import { tableName } from '../storage/identifiers.ts'
import type { PushMutation } from './push-args.ts'
import { isTempName, recordTempName, resolveTempNames } from './temp-name-store.ts'

/** Keys of a pushed document the server never takes from it (as the REST body). */
const NOT_FROM_CLIENT = ['doctype', 'flags', 'sid', 'modified'] as const

function patchOf(doc: Doc | undefined): Doc {
  const patch: Doc = { ...doc }
  for (const k of NOT_FROM_CLIENT) delete patch[k]
  return patch
}

function saveOptions(m: PushMutation): SaveOptions {
  return { expectedModified: m.baseModified }
}

function requireName(m: PushMutation): string {
  if (m.name === undefined) throw new FrappeError('ValidationError', `${m.kind} needs the document's name`)
  return m.name
}

/** A temp name inserted once already (under another mutation id): this insert is undone with its savepoint. */
async function insertedBefore(ctx: RequestContext, doctype: DocType, temp: string): Promise<FrappeError> {
  const earlier = (await resolveTempNames(ctx.tx, [temp])).get(temp)
  return new FrappeError('DuplicateEntryError', `${doctype.name} ${temp} was already inserted as ${earlier?.name ?? 'another document'}`, { title: 'Duplicate Name' })
}

/** insert = POST /api/resource: the server names the document; a temp name is recorded against that name. */
async function insertMutation(ctx: RequestContext, doctype: DocType, m: PushMutation): Promise<Doc> {
  const doc = patchOf(m.doc)
  const temp = isTempName(m.name) ? m.name : undefined
  if (temp !== undefined || m.name === undefined) delete doc['name']
  else doc['name'] = m.name
  if (m.outpostId !== undefined) doc['outpost_id'] = m.outpostId
  const saved = await insertDocument(ctx, doctype, doc)
  if (temp !== undefined && !(await recordTempName(ctx.tx, temp, doctype.name, String(saved['name']), ctx.now()))) throw await insertedBefore(ctx, doctype, temp)
  return saved
}

/** submit / cancel = a docstatus change; changed fields sent with a submit are saved with it. */
function docstatusMutation(ctx: RequestContext, doctype: DocType, m: PushMutation, docstatus: 1 | 2): Promise<Doc> {
  const patch = patchOf(m.doc)
  delete patch['name']
  if (Object.keys(patch).length === 0 || !doctype.isSubmittable) {
    return (docstatus === 1 ? submitDocument : cancelDocument)(ctx, doctype, requireName(m), saveOptions(m))
  }
  return saveDocument(ctx, doctype, requireName(m), { ...patch, docstatus }, saveOptions(m))
}

/**
 * A delete names the document the client saw. Deleting the last of a naming series gives its
 * number back (Frappe's revert_series_if_last), so the name may now hold a document inserted
 * since, under another `outpost_id`: that one is not the client's to delete, and the one it
 * meant is gone. A document without an `outpost_id` (made on the desk) cannot be told apart.
 */
async function expectSameDocument(ctx: RequestContext, doctype: DocType, m: PushMutation): Promise<void> {
  const name = requireName(m)
  const row = await ctx.tx.get(`SELECT "outpost_id" FROM ${tableName(doctype.name)} WHERE "name" = ?`, [name])
  const held = row?.outpost_id
  if (typeof held !== 'string' || held === '' || m.outpostId === undefined || m.outpostId === held) return
  throw new FrappeError('DoesNotExistError', `${doctype.name} ${name} not found: the document this change was made to is gone, and the name now holds another one`)
}

/**
 * Apply one mutation with the REST path's own functions (permissions, validation,
 * controllers, naming, change log): the server's document after it, none after a delete.
 */
export async function applyMutation(ctx: RequestContext, m: PushMutation): Promise<Doc | undefined> {
  const doctype = requireDocType(ctx.site, m.doctype)
  switch (m.kind) {
    case 'insert': return insertMutation(ctx, doctype, m)
    case 'update': return saveDocument(ctx, doctype, requireName(m), patchOf(m.doc), saveOptions(m))
    case 'submit': return docstatusMutation(ctx, doctype, m, 1)
    case 'cancel': return docstatusMutation(ctx, doctype, m, 2)
    case 'delete':
      await expectSameDocument(ctx, doctype, m)
      await deleteDocument(ctx, doctype, requireName(m))
      return undefined
  }
}
