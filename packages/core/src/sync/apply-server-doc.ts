import type { Doc } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import type { StoreWriter } from '../ports/local-store.ts'
import { deleteBase, putBase } from '../local/base.ts'
import { queuedFor, queuedInsertIds, removeMutation } from '../outbox/outbox-store.ts'
import type { Mutation } from '../outbox/mutation.ts'
import { deleteErrorsFor } from '../logs/error-log.ts'
import { rebaseOnPull } from './rebase-on-pull.ts'
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

const outpostIdOf = (doc: Doc): string | undefined => {
  const id = doc['outpost_id']
  return typeof id === 'string' && id !== '' ? id : undefined
}

/**
 * Local documents that carry the `outpost_id` of one of `docs`, by that id: one query for a
 * whole page (on IndexedDB a query per document is a round trip each, and a page's write would
 * look through its own pending documents once per document). A lost insert's document keeps
 * its insert queued until the answer or its twin settles it, so only the ids of queued inserts
 * are looked for (`inserts`, from queuedInsertIds), and none with an empty outbox.
 */
export async function localTwins(tx: StoreWriter, doctype: string, docs: readonly Doc[], inserts?: ReadonlySet<string>): Promise<ReadonlyMap<string, readonly Doc[]>> {
  const queued = inserts ?? (await queuedInsertIds(tx, doctype))
  const ids = [...new Set(docs.flatMap((d) => outpostIdOf(d) ?? []))].filter((id) => queued.has(id))
  const twins = new Map<string, Doc[]>()
  if (ids.length === 0) return twins
  for (const twin of await tx.queryDocs(doctype, { filters: [{ doctype: undefined, field: 'outpost_id', op: 'in', value: ids }] })) {
    const id = outpostIdOf(twin)!
    twins.set(id, [...(twins.get(id) ?? []), twin])
  }
  return twins
}

/**
 * A server document whose `outpost_id` belongs to a document created here under another name:
 * the insert reached the server but its answer was lost. Adopt the server's name; never keep two.
 * `known`: the local documents with its `outpost_id`, when the caller looked them up (localTwins).
 */
async function adoptLostInsert(ctx: ReplicaContext, tx: StoreWriter, doctype: string, server: Doc, known: readonly Doc[] | undefined): Promise<void> {
  const id = outpostIdOf(server)
  if (id === undefined) return
  const twins = known ?? (await tx.queryDocs(doctype, { filters: [{ doctype: undefined, field: 'outpost_id', op: '=', value: id }] }))
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

export interface ApplyOptions {
  /**
   * false when the caller knows no other local document carries its `outpost_id` (the accepted
   * answer to this replica's own insert, already renamed).
   */
  readonly adopt?: boolean
  /** The local documents with its `outpost_id`, looked up by the caller for a page (localTwins). */
  readonly twins?: ReadonlyMap<string, readonly Doc[]>
  /**
   * A version pulled from the server (not the answer to this replica's own push, whose caller
   * rebases what is queued behind it): a waiting update is rebased onto it (rebase-on-pull.ts).
   */
  readonly pulled?: boolean
}

/**
 * Another document holds on the server the name a document made here still waits to be inserted
 * under (a name from a field, say): the one made here stays, its insert is refused as a duplicate
 * when it goes, and the server's is kept as its base, what discarding the insert returns to.
 */
async function keepUnsentInsert(tx: StoreWriter, doctype: string, serverDoc: Doc): Promise<{ local: Doc | undefined; queued: Mutation[] }> {
  await putBase(tx, doctype, serverDoc)
  return { local: await tx.getDoc(doctype, String(serverDoc['name'])), queued: [] }
}

/** Make the local copy follow a pulled server version; queued local changes stay on top of it. */
export async function applyServerDoc(ctx: ReplicaContext, tx: StoreWriter, doctype: string, server: Doc, options: ApplyOptions = {}): Promise<Doc | undefined> {
  return (await applyServerVersion(ctx, tx, doctype, server, { ...options, pulled: true })).local
}

/** As `applyServerDoc`, also answering the document's queued changes (other than its insert) it replayed. */
export async function applyServerVersion(ctx: ReplicaContext, tx: StoreWriter, doctype: string, server: Doc, options: ApplyOptions = {}): Promise<{ local: Doc | undefined; queued: Mutation[] }> {
  const id = outpostIdOf(server)
  if (options.adopt !== false) await adoptLostInsert(ctx, tx, doctype, server, options.twins && id !== undefined ? options.twins.get(id) ?? [] : undefined)
  const serverDoc: Doc = { ...server, doctype }
  const mine = await queuedFor(tx, doctype, String(server['name']))
  const unsent = mine.find((m) => m.kind === 'insert')
  if (unsent && String(unsent.outpostId) !== (id ?? '')) return keepUnsentInsert(tx, doctype, serverDoc)
  const waiting = mine.filter((m) => m.kind !== 'insert')
  const queued = options.pulled === true ? await rebaseOnPull(ctx, tx, doctype, serverDoc, waiting) : waiting
  // a base only under queued changes (see base.ts)
  if (queued.length > 0) await putBase(tx, doctype, serverDoc)
  else await deleteBase(tx, doctype, String(server['name']))
  let local: Doc | undefined = serverDoc
  for (const m of queued) local = replay(local, m)
  // `local` was made here (its rows are the server's, which nobody changes): no copy is needed
  if (local) await tx.putDoc(doctype, local, { handOver: true })
  else await tx.deleteDoc(doctype, String(server['name']))
  return { local, queued }
}
