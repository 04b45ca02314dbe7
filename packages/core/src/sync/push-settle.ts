import type { Doc } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { OUTBOX, outboxKey, type Mutation } from '../outbox/mutation.ts'
import { putMutation, removeMutation } from '../outbox/outbox-store.ts'
import type { OutgoingMutation, PushOutcome } from '../ports/remote.ts'
import type { StoreWriter } from '../ports/local-store.ts'
import { errorEntry, putError } from '../logs/error-log.ts'
import { deleteBase } from '../local/base.ts'
import { withoutLocalRowNames } from '../local/stamp.ts'
import { backoffMs } from './backoff.ts'
import { applyServerVersion } from './apply-server-doc.ts'
import { handleConflict } from './push-conflict.ts'
import { renameInStore } from './rename.ts'

export interface PushSummary {
  pushed: number
  rejected: number
  conflicts: number
  offline: boolean
  authRequired: boolean
  /** Some mutations wait for a backoff to end. */
  retryLater: boolean
}

export function outgoing(ctx: ReplicaContext, m: Mutation): OutgoingMutation {
  const meta = ctx.schema.get(m.doctype)
  const doc = m.doc && meta ? withoutLocalRowNames(meta, m.doc) : m.doc
  return { id: m.id, kind: m.kind, doctype: m.doctype, name: m.name, outpostId: m.outpostId, baseModified: m.baseModified, doc, maybeApplied: m.inflight }
}

/** Later mutations of an accepted document were made on top of it: they take its new `modified`. */
async function rebaseFollowers(tx: StoreWriter, followers: readonly Mutation[], serverDoc: Doc): Promise<void> {
  for (const q of followers) await putMutation(tx, { ...q, baseModified: String(serverDoc['modified']) })
}

/** An accepted mutation leaves the queue; a server name replaces the temp one everywhere. */
async function applyAccepted(ctx: ReplicaContext, tx: StoreWriter, m: Mutation, doc: Doc | undefined, asStored = false): Promise<{ from: string; to: string } | undefined> {
  await removeMutation(tx, m, { asStored })
  if (m.kind === 'delete' || !doc) {
    if (m.kind === 'delete') await deleteBase(tx, m.doctype, m.name)
    return undefined
  }
  const serverName = String(doc['name'])
  let renamed: { from: string; to: string } | undefined
  if (serverName !== m.name) {
    // The server's version replaces the local one just below: the rename writes no copy of its own.
    await renameInStore(ctx, tx, m.doctype, m.name, serverName, undefined)
    renamed = { from: m.name, to: serverName }
  }
  // The answer to this replica's own insert: no other local document carries its outpost_id.
  const { queued } = await applyServerVersion(ctx, tx, m.doctype, doc, { adopt: m.kind !== 'insert' })
  await rebaseFollowers(tx, queued, doc)
  return renamed
}

function announceAccepted(ctx: ReplicaContext, m: Mutation, doc: Doc | undefined, renamed: { from: string; to: string } | undefined): void {
  if (renamed) ctx.events.emit('rename', { doctype: m.doctype, ...renamed })
  ctx.events.emit('change', { doctype: m.doctype, name: String(doc?.['name'] ?? m.name), origin: 'remote', doc })
}

async function accepted(ctx: ReplicaContext, m: Mutation, doc: Doc | undefined): Promise<void> {
  const renamed = await ctx.store.write((tx) => applyAccepted(ctx, tx, m, doc))
  announceAccepted(ctx, m, doc, renamed)
}

/**
 * Accepted outcomes of one batch in one local transaction (a crash before it commits leaves
 * them in flight: the retry gets the server's stored answers). Each mutation is read afresh
 * inside it, since an earlier rename in the batch rewrote the names it carries.
 */
export async function settleAccepted(ctx: ReplicaContext, accepts: readonly { seq: number; doc: Doc | undefined }[], summary: PushSummary): Promise<void> {
  const done: { m: Mutation; doc: Doc | undefined; renamed: { from: string; to: string } | undefined }[] = []
  await ctx.store.write(async (tx) => {
    for (const a of accepts) {
      const m = await tx.getRecord<Mutation>(OUTBOX, outboxKey(a.seq))
      if (m) done.push({ m, doc: a.doc, renamed: await applyAccepted(ctx, tx, m, a.doc, true) })
    }
  })
  summary.pushed += done.length
  for (const d of done) announceAccepted(ctx, d.m, d.doc, d.renamed)
}

/** Sent from now on: a lost answer makes the next attempt check whether the server applied it. */
export async function markSent(ctx: ReplicaContext, ms: readonly Mutation[]): Promise<Mutation[]> {
  const sent = ms.map((m) => ({ ...m, inflight: true, attempts: m.attempts + 1 }))
  await ctx.store.write(async (tx) => {
    for (const m of sent) await putMutation(tx, m)
  })
  return sent
}

/** Apply one outcome; answers whether the push loop may go on. */
export async function settle(ctx: ReplicaContext, m: Mutation, outcome: PushOutcome, summary: PushSummary): Promise<boolean> {
  switch (outcome.kind) {
    case 'accepted':
      await accepted(ctx, m, outcome.doc)
      summary.pushed++
      return true
    case 'rejected':
      await ctx.store.write(async (tx) => {
        await putMutation(tx, { ...m, inflight: false, rejected: true })
        await putError(tx, errorEntry(m, outcome.error, ctx.env.now()))
      })
      summary.rejected++
      return true
    case 'conflict': {
      const ended = await handleConflict(ctx, m, outcome.serverDoc)
      if (ended.recorded) summary.conflicts++
      if (ended.held) summary.rejected++
      return true
    }
    case 'retry':
      // A 502/504 may come after the server committed: the next attempt checks first (`inflight` stays).
      await ctx.store.write((tx) => {
        const now = ctx.env.now()
        const retryAfter = outcome.retryAfterMs === undefined ? undefined : now + outcome.retryAfterMs
        return putMutation(tx, { ...m, notBefore: now + backoffMs(m.attempts, ctx.env.random(), outcome.retryAfterMs), retryAfter })
      })
      summary.retryLater = true
      return false
    case 'auth':
    case 'offline':
      // Not sent for sure, or sent without an answer: `inflight` stays true so a retry checks first.
      if (outcome.kind === 'auth') summary.authRequired = true
      else summary.offline = true
      return false
  }
}
