import type { StoreReader, StoreWriter } from '../ports/local-store.ts'
import { coalesce } from './coalesce.ts'
import { OUTBOX, outboxKey, type Mutation } from './mutation.ts'

export async function listOutbox(tx: StoreReader): Promise<Mutation[]> {
  return (await tx.listRecords<Mutation>(OUTBOX)).map((r) => r.value)
}

export async function queuedFor(tx: StoreReader, doctype: string, name: string): Promise<Mutation[]> {
  return (await listOutbox(tx)).filter((m) => m.doctype === doctype && m.name.toLowerCase() === name.toLowerCase())
}

export async function nextSeq(tx: StoreReader): Promise<number> {
  const all = await tx.listRecords<Mutation>(OUTBOX)
  const last = all.at(-1)?.value.seq ?? 0
  const stored = (await tx.getRecord<number>('state', 'outbox-seq')) ?? 0
  return Math.max(last, stored) + 1
}

export async function putMutation(tx: StoreWriter, m: Mutation): Promise<void> {
  await tx.putRecord(OUTBOX, outboxKey(m.seq), m)
}

export async function removeMutation(tx: StoreWriter, m: Mutation): Promise<void> {
  await tx.deleteRecord(OUTBOX, outboxKey(m.seq))
}

/**
 * Queue a change in the same transaction as the document write, folding it into the
 * document's waiting mutations. Returns the mutations that were dropped (their errors go too).
 */
export async function appendMutation(tx: StoreWriter, next: Omit<Mutation, 'seq'>): Promise<Mutation[]> {
  const seq = await nextSeq(tx)
  await tx.putRecord('state', 'outbox-seq', seq)
  const result = coalesce(await queuedFor(tx, next.doctype, next.name), { ...next, seq })
  for (const m of result.remove) await removeMutation(tx, m)
  for (const m of result.replace) await putMutation(tx, m)
  if (result.append) await putMutation(tx, result.append)
  return [...result.remove]
}
