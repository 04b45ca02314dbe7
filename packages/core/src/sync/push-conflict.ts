import type { Doc, DocType } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { resolveConflict, type ConflictDecision } from '../conflicts/policy.ts'
import { getBase, putBase } from '../local/base.ts'
import { putConflict } from '../logs/conflict-log.ts'
import { errorEntry, putError } from '../logs/error-log.ts'
import type { Mutation } from '../outbox/mutation.ts'
import { putMutation, removeMutation } from '../outbox/outbox-store.ts'
import type { StoreWriter } from '../ports/local-store.ts'

const SKIP = new Set(['modified', 'modified_by', 'creation', 'owner', 'idx', 'doctype', 'name'])

/** The fields of `doc` that differ from `server`'s: what to push again on the server's version. */
function diff(server: Doc, doc: Doc): Doc {
  const patch: Doc = {}
  for (const [k, v] of Object.entries(doc)) {
    if (!SKIP.has(k) && JSON.stringify(v ?? null) !== JSON.stringify(server[k] ?? null)) patch[k] = v
  }
  return patch
}

/** How a conflict ended: local values overwritten (a conflict record), and a submit or cancel held for the user. */
export interface ConflictOutcome {
  readonly recorded: boolean
  readonly held: boolean
}

const mismatch = (message: string) => ({ excType: 'TimestampMismatchError', httpStatus: 417, message, messages: [message] })

/** A Sync Conflict record for the local values the decision overwrote; answers whether there were any. */
export async function recordOverwritten(ctx: ReplicaContext, tx: StoreWriter, m: Mutation, server: Doc, decision: ConflictDecision): Promise<boolean> {
  if (decision.overwritten.length === 0) return false
  await putConflict(tx, { id: `${m.id}`, doctype: m.doctype, name: m.name, fields: decision.overwritten, serverModified: String(server['modified']), at: ctx.env.now() })
  return true
}

/**
 * What is left of change `m` after a decision: an update of the fields the policy keeps from it,
 * on the server's version, when the policy says to push again; else nothing (it leaves the queue).
 */
export async function requeueChange(tx: StoreWriter, m: Mutation, server: Doc, decision: ConflictDecision): Promise<Mutation | undefined> {
  const patch = diff(server, decision.doc)
  if (!decision.repush || Object.keys(patch).length === 0) {
    await removeMutation(tx, m)
    return undefined
  }
  const next: Mutation = { ...m, kind: 'update', doc: patch, baseModified: String(server['modified']) }
  await putMutation(tx, next)
  return next
}

/** A field change: the policy's document, pushed again on the server's version when it says so. */
async function changeConflict(ctx: ReplicaContext, tx: StoreWriter, m: Mutation, server: Doc, decision: ConflictDecision): Promise<ConflictOutcome> {
  await tx.putDoc(m.doctype, { ...decision.doc, name: server['name'], modified: server['modified'] })
  await requeueChange(tx, { ...m, inflight: false }, server, decision)
  return { recorded: await recordOverwritten(ctx, tx, m, server, decision), held: false }
}

/**
 * A submit or cancel is the user's decision (DESIGN: queued as an intent), so a conflict never
 * drops it. Made on a version the server has changed since, it is held with its reason until the
 * user has seen the server's changes: retrying it submits (or cancels) the merged document, on
 * the server's version; discarding it returns to the server's. Under 'client-wins' it goes again
 * at once. Already done on the server, it has nothing left to do.
 */
async function transitionConflict(ctx: ReplicaContext, tx: StoreWriter, m: Mutation, server: Doc, decision: ConflictDecision, meta: DocType): Promise<ConflictOutcome> {
  const target = m.kind === 'submit' ? 1 : 2
  if (Number(server['docstatus']) === target) return changeConflict(ctx, tx, m, server, { ...decision, repush: false })
  const done = m.kind === 'submit' ? 'submitted' : 'cancelled'
  const possible = Number(server['docstatus']) === target - 1
  const held = !possible || ctx.policies[m.doctype] !== 'client-wins'
  const patch = diff(server, decision.doc)
  delete patch['docstatus']
  // while it is queued the document shows what the user asked for, as a pull replays it too
  await tx.putDoc(m.doctype, { ...decision.doc, docstatus: target, name: server['name'], modified: server['modified'] })
  await putMutation(tx, { ...m, doc: Object.keys(patch).length > 0 ? patch : m.doc, baseModified: String(server['modified']), inflight: false, rejected: held })
  if (held) {
    const why = possible
      ? `${meta.name} ${String(server['name'])} was changed on the server after it was ${done} here, so it was not ${done}. Review the changes, then retry to ${m.kind} it, or discard.`
      : `${meta.name} ${String(server['name'])} cannot be ${done}: on the server it is now ${Number(server['docstatus']) === 2 ? 'cancelled' : Number(server['docstatus']) === 1 ? 'submitted' : 'a draft'}.`
    await putError(tx, errorEntry(m, mismatch(why), ctx.env.now()))
  }
  return { recorded: await recordOverwritten(ctx, tx, m, server, decision), held }
}

/**
 * The server changed the document since our base: apply the doctype's policy. A conflict record
 * is written for local values that were overwritten.
 */
export async function handleConflict(ctx: ReplicaContext, m: Mutation, server: Doc | undefined): Promise<ConflictOutcome> {
  const meta = ctx.schema.get(m.doctype)
  if (!server || !meta) {
    await ctx.store.write(async (tx) => {
      await putMutation(tx, { ...m, inflight: false, rejected: true })
      await putError(tx, errorEntry(m, mismatch('The document changed on the server'), ctx.env.now()))
    })
    return { recorded: false, held: true }
  }
  return ctx.store.write(async (tx) => {
    const base = (await getBase(tx, m.doctype, m.name)) ?? server
    const local = (await tx.getDoc(m.doctype, m.name)) ?? server
    const decision = resolveConflict(ctx.policies[m.doctype] ?? 'merge', { schema: ctx.schema, doctype: meta, base, local, server })
    await putBase(tx, m.doctype, server)
    if (m.kind === 'submit' || m.kind === 'cancel') return transitionConflict(ctx, tx, m, server, decision, meta)
    return changeConflict(ctx, tx, m, server, decision)
  })
}
