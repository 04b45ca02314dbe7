import type { Doc } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { isTempName } from '../ids.ts'
import { deleteBase } from '../local/base.ts'
import { putConflict } from '../logs/conflict-log.ts'
import { deleteErrorsFor } from '../logs/error-log.ts'
import { queuedFor, removeMutation } from '../outbox/outbox-store.ts'
import type { StoreWriter } from '../ports/local-store.ts'
import { applyServerDoc } from './apply-server-doc.ts'

export interface PullSummary {
  pulled: number
  deleted: number
  offline: boolean
  authRequired: boolean
}

const cursorKey = (doctype: string): string => `cursor:${doctype}`

/**
 * The server no longer has a document (or the user may no longer read it). Local changes to it
 * are not dropped silently: they become a conflict record.
 */
async function applyDeletion(ctx: ReplicaContext, tx: StoreWriter, doctype: string, name: string): Promise<boolean> {
  const local = await tx.getDoc(doctype, name)
  if (!local) return false
  const queued = await queuedFor(tx, doctype, name)
  if (queued.some((m) => m.kind === 'insert')) return false
  if (queued.length > 0) {
    const fields = queued.filter((m) => m.kind === 'update').flatMap((m) => Object.entries(m.doc ?? {}).map(([field, value]) => ({ field, table: undefined, row: undefined, base: undefined, local: value, server: undefined })))
    await putConflict(tx, { id: `deleted:${doctype}:${name}`, doctype, name, fields, serverModified: undefined, at: ctx.env.now() })
    for (const m of queued) await removeMutation(tx, m)
    await deleteErrorsFor(tx, queued.map((m) => m.id))
  }
  await tx.deleteDoc(doctype, name)
  await deleteBase(tx, doctype, name)
  return true
}

async function applyPage(ctx: ReplicaContext, doctype: string, docs: readonly Doc[], deleted: readonly string[], cursor: string | undefined): Promise<number> {
  let removed = 0
  await ctx.store.write(async (tx) => {
    for (const doc of docs) await applyServerDoc(ctx, tx, doctype, doc)
    for (const name of deleted) if (await applyDeletion(ctx, tx, doctype, name)) removed++
    await tx.putRecord('state', cursorKey(doctype), cursor ?? null)
  })
  for (const doc of docs) ctx.events.emit('change', { doctype, name: String(doc['name']), origin: 'remote', doc })
  for (const name of deleted) ctx.events.emit('change', { doctype, name, origin: 'remote', doc: undefined })
  return removed
}

export interface PullOptions {
  readonly pageSize?: number
  readonly onPage?: (doctype: string, pulled: number, total: number | undefined) => void
}

/** Pull one doctype from its cursor until the server has nothing newer. */
export async function pullDoctype(ctx: ReplicaContext, doctype: string, summary: PullSummary, options: PullOptions = {}): Promise<boolean> {
  let cursor = (await ctx.store.read((tx) => tx.getRecord<string | null>('state', cursorKey(doctype)))) ?? undefined
  for (;;) {
    const outcome = await ctx.remote.pull({ doctype, cursor, limit: options.pageSize ?? 500 })
    if (outcome.kind !== 'page') {
      if (outcome.kind === 'auth') summary.authRequired = true
      else summary.offline = true
      return false
    }
    summary.deleted += await applyPage(ctx, doctype, outcome.docs, outcome.deleted, outcome.cursor)
    summary.pulled += outcome.docs.length
    cursor = outcome.cursor
    options.onPage?.(doctype, summary.pulled, outcome.total)
    if (!outcome.hasMore) return true
  }
}

async function removeGone(ctx: ReplicaContext, doctype: string, gone: readonly string[], summary: PullSummary): Promise<void> {
  if (gone.length === 0) return
  await ctx.store.write(async (tx) => {
    for (const name of gone) if (await applyDeletion(ctx, tx, doctype, name)) summary.deleted++
  })
  for (const name of gone) ctx.events.emit('change', { doctype, name, origin: 'remote', doc: undefined })
}

/** Documents the cursor never brought (a late commit, a write that kept `modified`, a new permission). */
async function fetchMissing(ctx: ReplicaContext, doctype: string, missing: readonly string[], summary: PullSummary): Promise<boolean> {
  if (missing.length === 0) return true
  const result = await ctx.remote.fetchDocs(doctype, missing)
  if (result.kind !== 'ok') {
    if (result.kind === 'auth') summary.authRequired = true
    else summary.offline = true
    return false
  }
  await ctx.store.write(async (tx) => {
    for (const doc of result.value) await applyServerDoc(ctx, tx, doctype, doc)
  })
  for (const doc of result.value) ctx.events.emit('change', { doctype, name: String(doc['name']), origin: 'remote', doc })
  summary.pulled += result.value.length
  return true
}

/**
 * Reconcile with the server's full list of names: what it no longer lists (deleted, renamed,
 * or out of the user's permissions) goes locally; what it lists and we lack is fetched.
 */
export async function reconcileNames(ctx: ReplicaContext, doctype: string, summary: PullSummary): Promise<boolean> {
  const result = await ctx.remote.listNames(doctype)
  if (result.kind !== 'ok') {
    if (result.kind === 'auth') summary.authRequired = true
    else summary.offline = true
    return false
  }
  const live = new Set(result.value.map((n) => n.toLowerCase()))
  const localNames = await ctx.store.read((tx) => tx.listDocNames(doctype))
  const local = new Set(localNames.map((n) => n.toLowerCase()))
  await removeGone(ctx, doctype, localNames.filter((n) => !isTempName(n) && !live.has(n.toLowerCase())), summary)
  return fetchMissing(ctx, doctype, result.value.filter((n) => !local.has(n.toLowerCase())), summary)
}
