import type { Doc } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { resolveConflict } from '../conflicts/policy.ts'
import { getBase } from '../local/base.ts'
import type { Mutation } from '../outbox/mutation.ts'
import type { StoreWriter } from '../ports/local-store.ts'
import { recordOverwritten, requeueChange } from './push-conflict.ts'

/**
 * A pulled version of a document whose one queued change is a waiting update made on an older
 * version: the conflict is decided now, by the DocType's policy against the version the change
 * was made on, as its push would (a value both sides changed: the server's wins here and a
 * conflict record keeps the local one), and the update is rebased onto the pulled version.
 * Without this the pulled version would become the base and the push would merge against it:
 * the local value would overwrite the other user's edit without a word. An update sent without
 * an answer is rebased too (no request is on its way while a sync pulls): if the server applied
 * it, the pulled version holds its values and nothing is left to send. Anything else queued (a
 * refused update awaiting the user's fix, several changes, a submit) is left to its push.
 */
export async function rebaseOnPull(ctx: ReplicaContext, tx: StoreWriter, doctype: string, server: Doc, queued: readonly Mutation[]): Promise<Mutation[]> {
  const [only] = queued
  if (!only || queued.length !== 1 || only.kind !== 'update' || only.rejected) return [...queued]
  const name = String(server['name'])
  const [base, local] = await Promise.all([getBase(tx, doctype, name), tx.getDoc(doctype, name)])
  const meta = ctx.schema.get(doctype)
  if (!base || !local || !meta || base['modified'] === server['modified']) return [...queued]
  const decision = resolveConflict(ctx.policies[doctype] ?? 'merge', { schema: ctx.schema, doctype: meta, base, local, server })
  await recordOverwritten(ctx, tx, only, server, decision)
  const rebased = await requeueChange(tx, only, server, decision)
  return rebased ? [rebased] : []
}
