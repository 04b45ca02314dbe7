import type { StoreReader, StoreWriter } from '../ports/local-store.ts'
import { coalesce } from './coalesce.ts'
import { tempReferences } from './references.ts'
import { OUTBOX, outboxKey, type Mutation } from './mutation.ts'

/**
 * The outbox: mutations keyed by sequence, plus an index from each document to its queued
 * sequences, so a save touches only its own document's queue whatever the queue's length.
 */
const INDEX = 'outbox-doc'
/** Temp name → sequences of mutations that mention it: a rename rewrites only those. */
const REFS = 'outbox-ref'
const SEQ = 'outbox-seq'
/** Bumped by changes to queued mutations other than appends (which bump SEQ): see `outboxStamp`. */
const VERSION = 'outbox-version'
/**
 * How many mutations the outbox holds, moved by every put of a new one and every removal: one
 * read answers it, where counting the records walks them all (a save asks for it). A store
 * written before it existed is counted once, by the first write that moves it.
 */
const COUNT = 'outbox-count'
const docKey = (doctype: string, name: string): string => `${doctype}\u0000${name.toLowerCase()}`

/** Outbox changes of one transaction by sequence (`undefined`: removed), for a reader keeping a copy. */
export type OutboxChanges = Map<number, Mutation | undefined>
const journals = new WeakMap<StoreReader, OutboxChanges>()

/**
 * Changes when the outbox does: every append bumps SEQ, every other change VERSION, except in a
 * transaction run by `trackOutboxChanges`, whose caller gets the changes themselves.
 */
export async function outboxStamp(tx: StoreReader): Promise<string> {
  return `${(await tx.getRecord<number>('state', SEQ)) ?? 0}:${(await tx.getRecord<number>('state', VERSION)) ?? 0}`
}

async function bumpVersion(tx: StoreWriter): Promise<void> {
  await tx.putRecord('state', VERSION, ((await tx.getRecord<number>('state', VERSION)) ?? 0) + 1)
}

async function changed(tx: StoreWriter, seq: number, m: Mutation | undefined, appended: boolean): Promise<void> {
  const journal = journals.get(tx)
  if (journal) journal.set(seq, m)
  else if (!appended) await bumpVersion(tx)
}

/**
 * `fn` in `tx`, its outbox changes recorded: the stamp before it (to tell whether someone else
 * changed the outbox since the caller last looked), the changes, and the stamp after them.
 */
export async function trackOutboxChanges<T>(tx: StoreWriter, fn: (before: string) => Promise<T>): Promise<{ result: T; changes: OutboxChanges; before: string; after: string }> {
  const before = await outboxStamp(tx)
  const changes: OutboxChanges = new Map()
  journals.set(tx, changes)
  try {
    const result = await fn(before)
    if (changes.size === 0) return { result, changes, before, after: before }
    await bumpVersion(tx)
    return { result, changes, before, after: await outboxStamp(tx) }
  } finally {
    journals.delete(tx)
  }
}

export async function listOutbox(tx: StoreReader): Promise<Mutation[]> {
  return (await tx.listRecords<Mutation>(OUTBOX)).map((r) => r.value)
}

export async function countOutbox(tx: StoreReader): Promise<number> {
  return (await tx.getRecord<number>('state', COUNT)) ?? tx.countRecords(OUTBOX)
}

/** Call before the outbox record itself changes: a store without the count counts what was there. */
async function moveCount(tx: StoreWriter, by: number): Promise<void> {
  await tx.putRecord('state', COUNT, (await countOutbox(tx)) + by)
}

/** The `outpost_id`s of a DocType's queued inserts; none read while the outbox is empty. */
export async function queuedInsertIds(tx: StoreReader, doctype: string): Promise<ReadonlySet<string>> {
  if ((await countOutbox(tx)) === 0) return new Set()
  return new Set((await listOutbox(tx)).flatMap((m) => (m.kind === 'insert' && m.doctype === doctype ? [String(m.outpostId)] : [])))
}

/**
 * Ask now for the queued mutations of each of `names`, without waiting, when the outbox holds
 * any: a store that keeps a call's reads (IndexedDB's) then answers a page's queuedFor calls
 * from one round trip instead of one each.
 */
export async function readAheadQueued(tx: StoreReader, doctype: string, names: readonly string[]): Promise<void> {
  if ((await countOutbox(tx)) === 0) return
  for (const name of names) queuedFor(tx, doctype, name).catch(() => undefined)
}

export async function queuedFor(tx: StoreReader, doctype: string, name: string): Promise<Mutation[]> {
  const seqs = (await tx.getRecord<number[]>(INDEX, docKey(doctype, name))) ?? []
  // asked for together: on IndexedDB each awaited read is a round trip
  const found = await Promise.all(seqs.map((seq) => tx.getRecord<Mutation>(OUTBOX, outboxKey(seq))))
  return found.filter((m): m is Mutation => m !== undefined)
}

/**
 * Ask now for what appendMutation for this document will read, without waiting: a store that
 * keeps a call's reads (IndexedDB's) answers them later from memory, so they ride along with
 * the caller's first round trip instead of taking their own.
 */
export function readAheadForAppend(tx: StoreReader, doctype: string, name: string): void {
  nextSeq(tx).catch(() => undefined)
  queuedFor(tx, doctype, name).catch(() => undefined)
}

export async function nextSeq(tx: StoreReader): Promise<number> {
  return ((await tx.getRecord<number>('state', SEQ)) ?? 0) + 1
}

async function dropSeq(tx: StoreWriter, kind: 'outbox-doc' | 'outbox-ref', key: string, seq: number): Promise<void> {
  const seqs = ((await tx.getRecord<number[]>(kind, key)) ?? []).filter((s) => s !== seq)
  if (seqs.length > 0) await tx.putRecord(kind, key, seqs)
  else await tx.deleteRecord(kind, key)
}

async function addSeq(tx: StoreWriter, kind: 'outbox-doc' | 'outbox-ref', key: string, seq: number): Promise<void> {
  const seqs = (await tx.getRecord<number[]>(kind, key)) ?? []
  if (!seqs.includes(seq)) await tx.putRecord(kind, key, [...seqs, seq].sort((a, b) => a - b))
}

async function unindex(tx: StoreWriter, m: Mutation): Promise<void> {
  await dropSeq(tx, INDEX, docKey(m.doctype, m.name), m.seq)
  for (const ref of tempReferences(m)) await dropSeq(tx, REFS, ref, m.seq)
}

async function index(tx: StoreWriter, m: Mutation): Promise<void> {
  await addSeq(tx, INDEX, docKey(m.doctype, m.name), m.seq)
  for (const ref of tempReferences(m)) await addSeq(tx, REFS, ref, m.seq)
}

/** Mutations whose payload mentions the temp name `name`. */
export async function referencing(tx: StoreReader, name: string): Promise<Mutation[]> {
  const out: Mutation[] = []
  for (const seq of (await tx.getRecord<number[]>(REFS, name)) ?? []) {
    const m = await tx.getRecord<Mutation>(OUTBOX, outboxKey(seq))
    if (m) out.push(m)
  }
  return out
}

/** Same document and same temp names mentioned: the indexes need no change. */
function sameIndexKeys(a: Mutation, b: Mutation): boolean {
  if (docKey(a.doctype, a.name) !== docKey(b.doctype, b.name)) return false
  const ra = tempReferences(a)
  const rb = tempReferences(b)
  return ra.size === rb.size && [...ra].every((r) => rb.has(r))
}

/** `fresh`: `m` has a sequence number just taken, so no mutation is stored under it yet. */
async function put(tx: StoreWriter, m: Mutation, appended: boolean, fresh = false): Promise<void> {
  const before = fresh ? undefined : await tx.getRecord<Mutation>(OUTBOX, outboxKey(m.seq))
  const reindex = !before || !sameIndexKeys(before, m)
  if (before && reindex) await unindex(tx, before)
  if (!before) await moveCount(tx, 1)
  await tx.putRecord(OUTBOX, outboxKey(m.seq), m)
  if (reindex) await index(tx, m)
  await changed(tx, m.seq, m, appended)
}

async function remove(tx: StoreWriter, m: Mutation, appended: boolean, asStored = false): Promise<void> {
  const stored = asStored ? m : await tx.getRecord<Mutation>(OUTBOX, outboxKey(m.seq))
  if (stored) await moveCount(tx, -1)
  await tx.deleteRecord(OUTBOX, outboxKey(m.seq))
  await unindex(tx, stored ?? m)
  await changed(tx, m.seq, undefined, appended)
}

export function putMutation(tx: StoreWriter, m: Mutation): Promise<void> {
  return put(tx, m, false)
}

/** `asStored`: `m` was read from the outbox in this transaction, so it is not read again. */
export function removeMutation(tx: StoreWriter, m: Mutation, options: { asStored?: boolean } = {}): Promise<void> {
  return remove(tx, m, false, options.asStored === true)
}

/**
 * Mark a queued mutation sent, as stored now (not as a caller remembers it): a lost answer makes
 * the next attempt check whether the server applied it. Answers the mutation as it was before
 * (its `inflight` tells whether an earlier attempt may have been applied), undefined when it is
 * no longer queued. `current`: the mutation as stored, when the caller knows it in this
 * transaction (an outbox copy checked against the outbox stamp here), so it is not read again.
 */
export async function markMutationSent(tx: StoreWriter, seq: number, current?: Mutation): Promise<Mutation | undefined> {
  const stored = current ?? (await tx.getRecord<Mutation>(OUTBOX, outboxKey(seq)))
  if (!stored) return undefined
  const sent: Mutation = { ...stored, inflight: true, attempts: stored.attempts + 1 }
  // Only the flags change: the document and temp-name indexes stay as they are.
  await tx.putRecord(OUTBOX, outboxKey(seq), sent)
  await changed(tx, seq, sent, false)
  return stored
}

/**
 * Queue a change in the same transaction as the document write, folding it into the
 * document's waiting mutations. Returns the mutations that were dropped (their errors go too).
 */
export async function appendMutation(tx: StoreWriter, next: Omit<Mutation, 'seq'>): Promise<{ dropped: Mutation[]; appended: boolean }> {
  const [seq, queued] = await Promise.all([nextSeq(tx), queuedFor(tx, next.doctype, next.name)])
  await tx.putRecord('state', SEQ, seq)
  const result = coalesce(queued, { ...next, seq })
  // The SEQ bump above tells readers keeping a copy of the outbox that it changed.
  for (const m of result.remove) await remove(tx, m, true)
  for (const m of result.replace) await put(tx, m, true)
  if (result.append) await put(tx, result.append, true, result.append.seq === seq)
  return { dropped: [...result.remove], appended: result.append !== undefined }
}
