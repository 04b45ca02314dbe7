import type { Doc } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { OutpostError } from '../errors.ts'
import { deleteBase, getBase } from '../local/base.ts'
import { updateLocal } from '../local/local-writes.ts'
import { listOutbox, putMutation, queuedFor, removeMutation } from '../outbox/outbox-store.ts'
import type { Mutation } from '../outbox/mutation.ts'
import { replay } from '../sync/apply-server-doc.ts'
import { deleteConflict, listConflicts, type SyncConflictEntry } from './conflict-log.ts'
import { ERROR, type SyncErrorEntry } from './error-log.ts'

async function refused(ctx: ReplicaContext, id: string): Promise<{ entry: SyncErrorEntry; mutation: Mutation | undefined }> {
  return ctx.store.read(async (tx) => {
    const entry = await tx.getRecord<SyncErrorEntry>(ERROR, id)
    if (!entry) throw new OutpostError('NOT_FOUND', `No Sync Error Log entry ${id}`)
    return { entry, mutation: (await listOutbox(tx)).find((m) => m.id === id) }
  })
}

/** Send a refused mutation again (with whatever the user fixed since) on the next sync. */
export async function retryError(ctx: ReplicaContext, id: string): Promise<void> {
  const { mutation } = await refused(ctx, id)
  await ctx.store.write(async (tx) => {
    if (mutation) await putMutation(tx, { ...mutation, rejected: false, attempts: 0, notBefore: 0 })
    await tx.deleteRecord(ERROR, id)
  })
}

/**
 * Give up a refused change: the mutation goes, and the local document returns to the server's
 * version (with other queued changes on top); a document created offline is removed, and the
 * server's document of the same name, if one was pulled meanwhile, takes its place.
 */
export async function discardError(ctx: ReplicaContext, id: string): Promise<void> {
  const { entry, mutation } = await refused(ctx, id)
  await ctx.store.write(async (tx) => {
    await tx.deleteRecord(ERROR, id)
    if (!mutation) return
    await removeMutation(tx, mutation)
    // an insert has a base only when another document holds its name on the server
    let doc: Doc | undefined = await getBase(tx, entry.doctype, entry.name)
    const left = await queuedFor(tx, entry.doctype, entry.name)
    for (const m of left) doc = replay(doc, m)
    // a base is kept only under queued changes (base.ts)
    if (left.length === 0) await deleteBase(tx, entry.doctype, entry.name)
    if (doc) await tx.putDoc(entry.doctype, doc)
    else await tx.deleteDoc(entry.doctype, entry.name)
  })
  ctx.events.emit('change', { doctype: entry.doctype, name: entry.name, origin: 'local', doc: undefined })
}

export type ConflictChoice = 'server' | 'local' | Readonly<Record<string, 'server' | 'local'>>

/**
 * Close a conflict. 'server' keeps what the sync applied; 'local' (or per field) re-applies the
 * overwritten local values as a new local change, pushed on the next sync.
 */
export async function resolveConflictEntry(ctx: ReplicaContext, id: string, choice: ConflictChoice): Promise<void> {
  const entry = (await ctx.store.read((tx) => listConflicts(tx))).find((c) => c.id === id)
  if (!entry) throw new OutpostError('NOT_FOUND', `No Sync Conflict ${id}`)
  const patch = localPatch(entry, choice)
  const exists = await ctx.store.read((tx) => tx.getDoc(entry.doctype, entry.name))
  if (Object.keys(patch).length > 0 && exists) await updateLocal(ctx, entry.doctype, entry.name, patch)
  await ctx.store.write((tx) => deleteConflict(tx, id))
}

function localPatch(entry: SyncConflictEntry, choice: ConflictChoice): Doc {
  const patch: Doc = {}
  for (const f of entry.fields) {
    const pick = typeof choice === 'string' ? choice : choice[f.field] ?? 'server'
    if (pick === 'local' && f.table === undefined) patch[f.field] = f.local
  }
  return patch
}
