import type { ReplicaContext } from '../context.ts'
import { isTempName } from '../ids.ts'
import { applyDeletion } from './apply-deletion.ts'
import { applyServerDoc, localTwins } from './apply-server-doc.ts'
import type { PullSummary } from './pull.ts'

/** A state record: a pull page asked for this doctype's names to be reconciled, not done yet. */
export const RECONCILE_DUE = (doctype: string): string => `reconcile-due:${doctype}`

/** Names removed per store write: a DocType's every document must not become one huge write. */
const REMOVALS_PER_WRITE = 500

async function removeGone(ctx: ReplicaContext, doctype: string, gone: readonly string[], summary: PullSummary): Promise<void> {
  for (let at = 0; at < gone.length; at += REMOVALS_PER_WRITE) {
    const names = gone.slice(at, at + REMOVALS_PER_WRITE)
    await ctx.store.write(async (tx) => {
      for (const name of names) if (await applyDeletion(ctx, tx, doctype, name)) summary.deleted++
    })
    for (const name of names) ctx.events.emit('change', { doctype, name, origin: 'remote', doc: undefined })
  }
}

/**
 * The server refuses this user any read of the DocType (a role taken away): nothing of it may
 * stay here (DESIGN invariant 5). Its server documents go as deletions do: a queued insert
 * keeps its document, other local changes become conflict records, none is dropped silently.
 * `forgetState` then clears what the next pull would start from, so read given back means a
 * boot of the DocType.
 */
export async function removeUnreadable(ctx: ReplicaContext, doctype: string, summary: PullSummary, forgetState: readonly string[]): Promise<void> {
  const names = await ctx.store.read((tx) => tx.listDocNames(doctype))
  await removeGone(ctx, doctype, names.filter((n) => !isTempName(n)), summary)
  await ctx.store.write(async (tx) => {
    for (const key of [RECONCILE_DUE(doctype), ...forgetState]) await tx.deleteRecord('state', key)
  })
  summary.unreadable.push(doctype)
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
    const twins = await localTwins(tx, doctype, result.value)
    for (const doc of result.value) await applyServerDoc(ctx, tx, doctype, doc, { twins })
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
  if (!(await fetchMissing(ctx, doctype, result.value.filter((n) => !local.has(n.toLowerCase())), summary))) return false
  await ctx.store.write((tx) => tx.deleteRecord('state', RECONCILE_DUE(doctype)))
  return true
}
