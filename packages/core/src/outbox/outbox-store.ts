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
const docKey = (doctype: string, name: string): string => `${doctype}\u0000${name.toLowerCase()}`

export async function listOutbox(tx: StoreReader): Promise<Mutation[]> {
  return (await tx.listRecords<Mutation>(OUTBOX)).map((r) => r.value)
}

export function countOutbox(tx: StoreReader): Promise<number> {
  return tx.countRecords(OUTBOX)
}

export async function queuedFor(tx: StoreReader, doctype: string, name: string): Promise<Mutation[]> {
  const seqs = (await tx.getRecord<number[]>(INDEX, docKey(doctype, name))) ?? []
  const out: Mutation[] = []
  for (const seq of seqs) {
    const m = await tx.getRecord<Mutation>(OUTBOX, outboxKey(seq))
    if (m) out.push(m)
  }
  return out
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

export async function putMutation(tx: StoreWriter, m: Mutation): Promise<void> {
  const before = await tx.getRecord<Mutation>(OUTBOX, outboxKey(m.seq))
  if (before) await unindex(tx, before)
  await tx.putRecord(OUTBOX, outboxKey(m.seq), m)
  await index(tx, m)
}

export async function removeMutation(tx: StoreWriter, m: Mutation): Promise<void> {
  const stored = (await tx.getRecord<Mutation>(OUTBOX, outboxKey(m.seq))) ?? m
  await tx.deleteRecord(OUTBOX, outboxKey(m.seq))
  await unindex(tx, stored)
}

/**
 * Queue a change in the same transaction as the document write, folding it into the
 * document's waiting mutations. Returns the mutations that were dropped (their errors go too).
 */
export async function appendMutation(tx: StoreWriter, next: Omit<Mutation, 'seq'>): Promise<Mutation[]> {
  const seq = await nextSeq(tx)
  await tx.putRecord('state', SEQ, seq)
  const result = coalesce(await queuedFor(tx, next.doctype, next.name), { ...next, seq })
  for (const m of result.remove) await removeMutation(tx, m)
  for (const m of result.replace) await putMutation(tx, m)
  if (result.append) await putMutation(tx, result.append)
  return [...result.remove]
}
