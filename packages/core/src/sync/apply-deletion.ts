import type { ReplicaContext } from '../context.ts'
import { deleteBase } from '../local/base.ts'
import { putConflict } from '../logs/conflict-log.ts'
import { deleteErrorsFor } from '../logs/error-log.ts'
import { queuedFor, removeMutation } from '../outbox/outbox-store.ts'
import type { StoreWriter } from '../ports/local-store.ts'

/**
 * The server no longer has a document (or the user may no longer read it). Local changes to it
 * are not dropped silently: they become a conflict record. Answers whether a document went.
 */
export async function applyDeletion(ctx: ReplicaContext, tx: StoreWriter, doctype: string, name: string): Promise<boolean> {
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
