import type { ReplicaContext } from '../context.ts'
import { deleteBase } from '../local/base.ts'
import { putConflict } from '../logs/conflict-log.ts'
import { deleteErrorsFor } from '../logs/error-log.ts'
import { queuedFor, removeMutation } from '../outbox/outbox-store.ts'
import type { Mutation } from '../outbox/mutation.ts'
import type { StoreWriter } from '../ports/local-store.ts'

/**
 * Deleted here and on the server: the queued delete (refused as not found, or not sent yet) and
 * whatever it folded have nothing left to do, and the base must not outlive them (discarding the
 * delete would bring the document back from it).
 */
async function settleLocalDeletion(tx: StoreWriter, doctype: string, name: string, queued: readonly Mutation[]): Promise<void> {
  for (const m of queued) await removeMutation(tx, m)
  await deleteErrorsFor(tx, queued.map((m) => m.id))
  await deleteBase(tx, doctype, name)
}

/** What a queued change meant to set: an update's fields, a submit's or cancel's docstatus. */
function changedHere(m: Mutation): [string, unknown][] {
  if (m.kind === 'update') return Object.entries(m.doc ?? {})
  if (m.kind === 'submit') return [['docstatus', 1]]
  if (m.kind === 'cancel') return [['docstatus', 2]]
  return []
}

/**
 * The server no longer has a document (or the user may no longer read it). Local changes to it
 * are not dropped silently: they become a conflict record. Answers whether a document went.
 */
export async function applyDeletion(ctx: ReplicaContext, tx: StoreWriter, doctype: string, name: string): Promise<boolean> {
  const [local, queued] = await Promise.all([tx.getDoc(doctype, name), queuedFor(tx, doctype, name)])
  if (queued.some((m) => m.kind === 'insert')) return false
  if (!local) {
    if (queued.length > 0) await settleLocalDeletion(tx, doctype, name, queued)
    return false
  }
  if (queued.length > 0) {
    const fields = queued.flatMap((m) => changedHere(m).map(([field, value]) => ({ field, table: undefined, row: undefined, base: undefined, local: value, server: undefined })))
    await putConflict(tx, { id: `deleted:${doctype}:${name}`, doctype, name, fields, serverModified: undefined, at: ctx.env.now() })
    for (const m of queued) await removeMutation(tx, m)
    await deleteErrorsFor(tx, queued.map((m) => m.id))
  }
  await tx.deleteDoc(doctype, name)
  await deleteBase(tx, doctype, name)
  return true
}
