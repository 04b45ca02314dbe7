import { applyDefaults, canComputeNameOffline, clockFromDate, coerceDocument, isFrappeError, planName, type Doc, type DocType } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { OutpostError } from '../errors.ts'
import { mutationId, outpostId, tempName } from '../ids.ts'
import type { MutationKind } from '../ports/remote.ts'
import type { StoreWriter } from '../ports/local-store.ts'
import { appendMutation, countOutbox, queuedFor, readAheadForAppend } from '../outbox/outbox-store.ts'
import { deleteErrorsFor } from '../logs/error-log.ts'
import { frappeDate, frappeTimestamp } from '../time.ts'
import { ensureBase, getBase } from './base.ts'
import { asValidationError, localResolvers, validateLocally } from './local-validate.ts'
import { stampRows } from './stamp.ts'
import { findLocalLink } from './local-links.ts'

const PROTECTED = ['name', 'owner', 'creation', 'doctype', 'outpost_id', 'docstatus'] as const

export function requireDocType(ctx: ReplicaContext, doctype: string): DocType {
  const meta = ctx.schema.get(doctype)
  if (!meta) throw new OutpostError('META_MISSING', `DocType ${doctype} is not part of this replica`)
  if (meta.istable) throw new OutpostError('INVALID_ARGUMENT', `${doctype} is a child table: save it through its parent`)
  return meta
}

function localName(ctx: ReplicaContext, meta: DocType, doc: Doc): string {
  if (!canComputeNameOffline(meta)) return tempName(meta.name, ctx.env.uuid())
  try {
    const plan = planName(meta, doc, clockFromDate(new Date(ctx.env.now())))
    return plan.kind === 'final' ? plan.name : tempName(meta.name, ctx.env.uuid())
  } catch (e) {
    throw asValidationError(meta.name, e)
  }
}

function coerce(ctx: ReplicaContext, meta: DocType, input: Doc): Doc {
  try {
    return coerceDocument(ctx.schema, meta, input)
  } catch (e) {
    throw isFrappeError(e) ? asValidationError(meta.name, e) : e
  }
}

/**
 * Told, once a local write has committed, how many mutations the outbox holds: worked out in
 * the write (counted before its changes, moved by what it queued), so the status needs no
 * second read. Undefined when the write dropped queued mutations (their errors went with them):
 * the caller recounts.
 */
export type OnCommitted = (pending: number | undefined) => void

/** The outbox size as the write found it, asked for beside its first reads. */
function pendingBefore(tx: StoreWriter): Promise<number> {
  const before = countOutbox(tx)
  before.catch(() => undefined)
  return before
}

/** How the outbox size moved, or undefined when mutations were dropped. */
async function queue(ctx: ReplicaContext, tx: StoreWriter, kind: MutationKind, doc: Doc, payload: Doc | undefined, baseModified: string | undefined): Promise<number | undefined> {
  const { dropped, appended } = await appendMutation(tx, {
    id: mutationId(ctx.env.uuid()), kind, doctype: String(doc['doctype']), name: String(doc['name']),
    outpostId: outpostId(String(doc['outpost_id'])), baseModified, doc: payload,
    inflight: false, rejected: false, attempts: 0, notBefore: 0, createdAt: ctx.env.now(),
  })
  if (dropped.length === 0) return appended ? 1 : 0
  await deleteErrorsFor(tx, dropped.map((m) => m.id))
  return undefined
}

const pendingAfter = async (before: Promise<number>, moved: number | undefined): Promise<number | undefined> => (moved === undefined ? undefined : (await before) + moved)

/** A new document: defaults, client hook, local validation, name, then the write and its insert. */
export async function createLocal(ctx: ReplicaContext, doctype: string, input: Doc, committed?: OnCommitted): Promise<Doc> {
  const meta = requireDocType(ctx, doctype)
  const now = frappeTimestamp(ctx.env.now())
  const doc = applyDefaults(ctx.schema, meta, coerce(ctx, meta, input), { today: frappeDate(ctx.env.now()), now, user: ctx.user })
  const docstatus = Number(doc['docstatus'] ?? 0)
  if (docstatus !== 0 && docstatus !== 1) throw new OutpostError('INVALID_ARGUMENT', 'A new document is a draft (docstatus 0) or submitted (1)')
  Object.assign(doc, { doctype: meta.name, docstatus, owner: ctx.user, creation: now, modified: now, modified_by: ctx.user, outpost_id: ctx.env.uuid() })
  doc['name'] = localName(ctx, meta, doc)
  stampRows(ctx.schema, meta, doc, () => ctx.env.uuid())
  ctx.hooks[meta.name]?.(doc, { doctype: meta, schema: ctx.schema, previous: undefined })
  const { saved, pending } = await ctx.store.write(async (tx) => {
    // asked for beside the link checks: on IndexedDB every awaited read is a round trip
    const before = pendingBefore(tx)
    readAheadForAppend(tx, meta.name, String(doc['name']))
    const [valid, taken] = await Promise.all([validateLocally(ctx, tx, meta, doc, docstatus === 1 ? 'submit' : 'insert'), tx.getDoc(meta.name, String(doc['name']))])
    if (String(valid['name']) === String(doc['name']) ? taken : await tx.getDoc(meta.name, String(valid['name']))) {
      throw new OutpostError('VALIDATION', `${meta.name} ${String(valid['name'])} already exists`, { fields: [{ doctype: meta.name, fieldname: 'name', row: undefined, message: `${meta.name} ${String(valid['name'])} already exists` }] })
    }
    await tx.putDoc(meta.name, valid)
    const moved = await queue(ctx, tx, 'insert', valid, valid, undefined)
    return { saved: valid, pending: await pendingAfter(before, moved) }
  })
  committed?.(pending)
  ctx.events.emit('change', { doctype: meta.name, name: String(saved['name']), origin: 'local', doc: saved })
  return saved
}

function changedFields(meta: DocType, before: Doc, after: Doc): Doc {
  const patch: Doc = {}
  for (const [k, v] of Object.entries(after)) {
    if (['modified', 'modified_by', 'idx'].includes(k)) continue
    if (JSON.stringify(v ?? null) !== JSON.stringify(before[k] ?? null)) patch[k] = v
  }
  for (const tf of meta.tableFields) if (tf.fieldname in patch) patch[tf.fieldname] = after[tf.fieldname]
  return patch
}

/** The reads a change of a stored document needs besides the document, asked for at once. */
function readAhead(ctx: ReplicaContext, tx: StoreWriter, doctype: string, name: string) {
  const queuedAhead = queuedFor(tx, doctype, name)
  // awaited by the caller once it has the document; a failed document read must not leave it unhandled
  queuedAhead.catch(() => undefined)
  readAheadForAppend(tx, doctype, name)
  return { queuedAhead, resolvers: localResolvers(ctx, tx), before: pendingBefore(tx) }
}

async function loadExisting(tx: StoreWriter, meta: DocType, name: string): Promise<Doc> {
  const doc = await tx.getDoc(meta.name, name)
  if (!doc) throw new OutpostError('NOT_FOUND', `${meta.name} ${name} not found`)
  return doc
}

/** A change of fields (and whole child tables); docstatus changes go through submit and cancel. */
export async function updateLocal(ctx: ReplicaContext, doctype: string, name: string, patch: Doc, committed?: OnCommitted): Promise<Doc> {
  const meta = requireDocType(ctx, doctype)
  if ('docstatus' in patch && patch['docstatus'] !== undefined) throw new OutpostError('INVALID_ARGUMENT', 'Use submitDoc or cancelDoc to change docstatus')
  const { saved, pending } = await ctx.store.write(async (tx) => {
    // reads that do not wait on each other go out together: on IndexedDB each awaited read is a
    // round trip. The link targets go out with the queued mutations, once the document is read.
    const { queuedAhead, resolvers, before } = readAhead(ctx, tx, meta.name, name)
    const [previous, storedBase] = await Promise.all([loadExisting(tx, meta, name), getBase(tx, meta.name, name)])
    const draft = coerce(ctx, meta, { ...previous, ...patch })
    for (const k of PROTECTED) draft[k] = previous[k]
    Object.assign(draft, { modified: frappeTimestamp(ctx.env.now()), modified_by: ctx.user })
    stampRows(ctx.schema, meta, draft, () => ctx.env.uuid())
    ctx.hooks[meta.name]?.(draft, { doctype: meta, schema: ctx.schema, previous })
    resolvers.prefetchLinks(meta, draft)
    const queued = await queuedAhead
    // A document the server has never accepted is still the user's draft, even if submitted here.
    const unsent = queued[0]?.kind === 'insert'
    const submitted = Number(previous['docstatus']) === 1
    const valid = unsent
      ? await validateLocally(ctx, tx, meta, draft, submitted ? 'submit' : 'insert', undefined, resolvers)
      : await validateLocally(ctx, tx, meta, draft, submitted ? 'update_after_submit' : 'save', previous, resolvers)
    const changes = changedFields(meta, previous, valid)
    if (Object.keys(changes).length === 0) return { saved: previous, pending: await before }
    // nothing was written since those reads: they still hold
    const base = await ensureBase(tx, meta.name, previous, { base: storedBase, queued })
    await tx.putDoc(meta.name, valid)
    const moved = await queue(ctx, tx, 'update', valid, changes, base?.['modified'] as string | undefined)
    return { saved: valid, pending: await pendingAfter(before, moved) }
  })
  committed?.(pending)
  ctx.events.emit('change', { doctype: meta.name, name: String(saved['name']), origin: 'local', doc: saved })
  return saved
}

async function transition(ctx: ReplicaContext, doctype: string, name: string, to: 1 | 2, committed?: OnCommitted): Promise<Doc> {
  const meta = requireDocType(ctx, doctype)
  if (!meta.isSubmittable) throw new OutpostError('INVALID_ARGUMENT', `${meta.name} is not submittable`)
  const { saved, pending } = await ctx.store.write(async (tx) => {
    const { queuedAhead, resolvers, before } = readAhead(ctx, tx, meta.name, name)
    const [previous, storedBase] = await Promise.all([loadExisting(tx, meta, name), getBase(tx, meta.name, name)])
    if (to === 2) {
      const by = await findLocalLink(ctx, tx, meta, String(previous['name']), 'Cancel')
      if (by) throw new OutpostError('VALIDATION', `Cannot delete or cancel because ${meta.name} ${String(previous['name'])} is linked with ${by.doctype} ${by.name}`)
    }
    const draft: Doc = { ...previous, docstatus: to, modified: frappeTimestamp(ctx.env.now()), modified_by: ctx.user }
    stampRows(ctx.schema, meta, draft, () => ctx.env.uuid())
    if (to === 1) ctx.hooks[meta.name]?.(draft, { doctype: meta, schema: ctx.schema, previous })
    if (to === 1) resolvers.prefetchLinks(meta, draft)
    const valid = await validateLocally(ctx, tx, meta, draft, to === 1 ? 'submit' : 'cancel', previous, resolvers)
    const base = await ensureBase(tx, meta.name, previous, { base: storedBase, queued: await queuedAhead })
    await tx.putDoc(meta.name, valid)
    const moved = await queue(ctx, tx, to === 1 ? 'submit' : 'cancel', valid, undefined, base?.['modified'] as string | undefined)
    return { saved: valid, pending: await pendingAfter(before, moved) }
  })
  committed?.(pending)
  ctx.events.emit('change', { doctype: meta.name, name: String(saved['name']), origin: 'local', doc: saved })
  return saved
}

export const submitLocal = (ctx: ReplicaContext, doctype: string, name: string, committed?: OnCommitted): Promise<Doc> => transition(ctx, doctype, name, 1, committed)
export const cancelLocal = (ctx: ReplicaContext, doctype: string, name: string, committed?: OnCommitted): Promise<Doc> => transition(ctx, doctype, name, 2, committed)

/** Frappe's delete rules, checked locally: not submitted, not linked. */
export async function deleteLocal(ctx: ReplicaContext, doctype: string, name: string, committed?: OnCommitted): Promise<void> {
  const meta = requireDocType(ctx, doctype)
  const { stored, pending } = await ctx.store.write(async (tx) => {
    const before = pendingBefore(tx)
    const previous = await loadExisting(tx, meta, name)
    const real = String(previous['name'])
    if (Number(previous['docstatus']) === 1) throw new OutpostError('VALIDATION', `${meta.name} ${real}: Submitted Record cannot be deleted. You must Cancel it first.`)
    const by = await findLocalLink(ctx, tx, meta, real, 'Delete')
    if (by) throw new OutpostError('VALIDATION', `Cannot delete or cancel because ${meta.name} ${real} is linked with ${by.doctype} ${by.name}`)
    const base = await ensureBase(tx, meta.name, previous)
    await tx.deleteDoc(meta.name, real)
    const moved = await queue(ctx, tx, 'delete', previous, undefined, base?.['modified'] as string | undefined)
    return { stored: real, pending: await pendingAfter(before, moved) }
  })
  committed?.(pending)
  ctx.events.emit('change', { doctype: meta.name, name: stored, origin: 'local', doc: undefined })
}
