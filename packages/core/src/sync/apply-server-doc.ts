import type { Doc } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import type { StoreWriter } from '../ports/local-store.ts'
import { deleteBase, putBase } from '../local/base.ts'
import { queuedFor, removeMutation } from '../outbox/outbox-store.ts'
import type { Mutation } from '../outbox/mutation.ts'
import { deleteErrorsFor } from '../logs/error-log.ts'
import { renameInStore } from './rename.ts'

/** What the user sees: the server version with the still-queued local changes on top. */
export function replay(doc: Doc | undefined, m: Mutation): Doc | undefined {
  if (!doc) return undefined
  switch (m.kind) {
    case 'update': return { ...doc, ...(m.doc ?? {}) }
    case 'submit': return { ...doc, docstatus: 1 }
    case 'cancel': return { ...doc, docstatus: 2 }
    case 'delete': return undefined
    case 'insert': return doc
  }
}

/**
 * A server document whose `outpost_id` belongs to a document created here under another name:
 * the insert reached the server but its answer was lost. Adopt the server's name; never keep two.
 */
async function adoptLostInsert(ctx: ReplicaContext, tx: StoreWriter, doctype: string, server: Doc): Promise<void> {
  const id = server['outpost_id']
  if (typeof id !== 'string' || id === '') return
  const twins = await tx.queryDocs(doctype, { filters: [{ doctype: undefined, field: 'outpost_id', op: '=', value: id }] })
  for (const twin of twins) {
    const localName = String(twin['name'])
    if (localName.toLowerCase() === String(server['name']).toLowerCase()) continue
    const insert = (await queuedFor(tx, doctype, localName)).find((m) => m.kind === 'insert')
    if (insert) {
      await removeMutation(tx, insert)
      await deleteErrorsFor(tx, [insert.id])
    }
    await renameInStore(ctx, tx, doctype, localName, String(server['name']), twin)
    ctx.events.emit('rename', { doctype, from: localName, to: String(server['name']) })
  }
}

/**
 * Make the local copy follow a server version; queued local changes stay on top of it.
 * `adopt: false` when the caller knows no other local document carries its `outpost_id` (the
 * accepted answer to this replica's own insert, already renamed).
 */
export async function applyServerDoc(ctx: ReplicaContext, tx: StoreWriter, doctype: string, server: Doc, options: { adopt?: boolean } = {}): Promise<Doc | undefined> {
  return (await applyServerVersion(ctx, tx, doctype, server, options)).local
}

/** As `applyServerDoc`, also answering the document's queued changes (other than its insert) it replayed. */
export async function applyServerVersion(ctx: ReplicaContext, tx: StoreWriter, doctype: string, server: Doc, options: { adopt?: boolean } = {}): Promise<{ local: Doc | undefined; queued: Mutation[] }> {
  if (options.adopt !== false) await adoptLostInsert(ctx, tx, doctype, server)
  const serverDoc: Doc = { ...server, doctype }
  const queued = (await queuedFor(tx, doctype, String(server['name']))).filter((m) => m.kind !== 'insert')
  // a base only under queued changes (see base.ts)
  if (queued.length > 0) await putBase(tx, doctype, serverDoc)
  else await deleteBase(tx, doctype, String(server['name']))
  let local: Doc | undefined = serverDoc
  for (const m of queued) local = replay(local, m)
  if (local) await tx.putDoc(doctype, local)
  else await tx.deleteDoc(doctype, String(server['name']))
  return { local, queued }
}
