import type { Doc, DocType } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import type { StoreWriter } from '../ports/local-store.ts'
import { findLinks, type LocalLink } from '../local/local-links.ts'
import { isTempName } from '../ids.ts'
import { deleteBase, getBase, putBase } from '../local/base.ts'
import { listOutbox, putMutation, queuedFor, referencing } from '../outbox/outbox-store.ts'
import { ERROR, type SyncErrorEntry } from '../logs/error-log.ts'
import type { Mutation } from '../outbox/mutation.ts'

/** Replace every string equal to `from` (a temp name: unique, so any match is a reference). */
export function replaceName<T>(value: T, from: string, to: string): T {
  if (value === from) return to as T
  if (Array.isArray(value)) return value.map((v) => replaceName(v, from, to)) as T
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceName(v, from, to)])) as T
  }
  return value
}

/**
 * Documents that may hold `from` in a Link. A temp name exists only here, so only documents
 * with a queued change naming it can hold it (a queued insert or update carries every value it
 * set): the reference index answers. A server name may be anywhere: every Link is searched.
 */
async function linkingDocs(ctx: ReplicaContext, tx: StoreWriter, target: DocType, from: string, referring: readonly Mutation[] | undefined): Promise<LocalLink[]> {
  if (referring) return referring.map((m) => ({ doctype: m.doctype, name: m.name }))
  return findLinks(ctx, tx, target, from)
}

async function rewriteLinkingDocs(ctx: ReplicaContext, tx: StoreWriter, doctype: string, from: string, to: string, referring: readonly Mutation[] | undefined): Promise<void> {
  const target = ctx.schema.get(doctype)
  if (!target) return
  const seen = new Set<string>()
  for (const link of await linkingDocs(ctx, tx, target, from, referring)) {
    const key = `${link.doctype}\u0000${link.name}`
    if (seen.has(key) || (link.doctype === doctype && link.name === from)) continue
    seen.add(key)
    const doc = await tx.getDoc(link.doctype, link.name)
    const next = doc ? replaceName(doc, from, to) : undefined
    if (next && JSON.stringify(next) !== JSON.stringify(doc)) await tx.putDoc(link.doctype, next)
  }
}

async function rewriteQueue(tx: StoreWriter, doctype: string, from: string, to: string, referring: readonly Mutation[] | undefined): Promise<void> {
  const own = await queuedFor(tx, doctype, from)
  const touched = new Map([...own, ...(referring ?? [])].map((m) => [m.seq, m]))
  for (const m of touched.values()) {
    const renamed = m.doctype === doctype && m.name === from ? { ...m, name: to } : m
    const doc = replaceName(renamed.doc, from, to)
    if (renamed !== m || JSON.stringify(doc) !== JSON.stringify(m.doc)) await putMutation(tx, { ...renamed, doc })
  }
  // Errors are kept by mutation id, for mutations still queued: those of this document follow it.
  for (const m of own) {
    const entry = await tx.getRecord<SyncErrorEntry>(ERROR, m.id)
    if (entry && entry.doctype === doctype && entry.name === from) await tx.putRecord(ERROR, m.id, { ...entry, name: to })
  }
}

/**
 * The server named a document: in one transaction its key, every Link and Dynamic Link to it
 * (child rows included), its base, and every queued mutation take the final name. `doc`
 * undefined: the caller writes the document under its new name itself (the server's version).
 */
export async function renameInStore(ctx: ReplicaContext, tx: StoreWriter, doctype: string, from: string, to: string, doc: Doc | undefined): Promise<void> {
  await tx.deleteDoc(doctype, from)
  if (doc) await tx.putDoc(doctype, replaceName(doc, from, to))
  const base = await getBase(tx, doctype, from)
  if (base) {
    await deleteBase(tx, doctype, from)
    await putBase(tx, doctype, replaceName(base, from, to))
  }
  // A temp name is mentioned only by queued mutations (the reference index knows them).
  const referring = isTempName(from) ? await referencing(tx, from) : undefined
  await rewriteLinkingDocs(ctx, tx, doctype, from, to, referring)
  await rewriteQueue(tx, doctype, from, to, referring)
}

/**
 * The server renamed a document it had named (Frappe's rename_doc): as `renameInStore`, and the
 * queued changes of other documents that name it follow too. `doc` undefined: deleted here, its
 * queued delete follows. Real names are not in the reference
 * index (temp names only), so the outbox is scanned: renames are rare, the outbox is short.
 */
export async function renameServerDoc(ctx: ReplicaContext, tx: StoreWriter, doctype: string, from: string, to: string, doc: Doc | undefined): Promise<void> {
  await renameInStore(ctx, tx, doctype, from, to, doc)
  for (const m of await listOutbox(tx)) {
    const next = replaceName(m.doc, from, to)
    if (JSON.stringify(next) !== JSON.stringify(m.doc)) await putMutation(tx, { ...m, doc: next })
  }
}
