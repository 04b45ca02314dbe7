import { describe, expect, it } from 'vitest'
import { mutationId, outpostId } from '../ids.ts'
import type { LocalStore, RecordKind, StoreReader } from '../ports/local-store.ts'
import { memoryStore } from '../testing/memory-store.ts'
import { storeTestSchema } from '../testing/store-fixtures.ts'
import { OUTBOX, outboxKey, type Mutation } from './mutation.ts'
import { appendMutation, countOutbox, listOutbox, removeMutation } from './outbox-store.ts'

const draft = (name: string, kind: Mutation['kind'], doc: Record<string, unknown>): Omit<Mutation, 'seq'> => ({
  id: mutationId(`m-${name}-${kind}-${JSON.stringify(doc)}`), kind, doctype: 'Note', name, outpostId: outpostId(`o-${name}`),
  baseModified: kind === 'insert' ? undefined : '2026-01-01 00:00:00.000000', doc, inflight: false, rejected: false, attempts: 0, notBefore: 0, createdAt: 0,
})

/** A store that says how many times the outbox's records were counted (walked). */
function countingStore(): { store: LocalStore; walks: () => number } {
  const inner = memoryStore()
  let walks = 0
  const counted = <T extends StoreReader>(tx: T): T => ({
    ...tx,
    countRecords: (kind: RecordKind) => {
      if (kind === OUTBOX) walks++
      return tx.countRecords(kind)
    },
  })
  return {
    store: { ...inner, write: (fn) => inner.write((tx) => fn(counted(tx))), read: (fn) => inner.read((tx) => fn(counted(tx))) },
    walks: () => walks,
  }
}

const exact = async (store: LocalStore): Promise<void> => {
  const [kept, records] = await store.read(async (tx) => [await countOutbox(tx), (await listOutbox(tx)).length])
  expect(kept).toBe(records)
}

describe('the outbox count', () => {
  it('moves with appends, folded changes and removals, and answers without walking the outbox', async () => {
    const { store, walks } = countingStore()
    await store.open(storeTestSchema())
    await store.write((tx) => appendMutation(tx, draft('a', 'insert', { x: 1 })))
    await store.write((tx) => appendMutation(tx, draft('b', 'insert', { x: 1 })))
    await exact(store)
    // an update of a queued insert folds into it: the outbox holds as many mutations as before
    const folded = await store.write((tx) => appendMutation(tx, draft('a', 'update', { x: 2 })))
    expect(folded.appended).toBe(false)
    await exact(store)
    await store.write((tx) => appendMutation(tx, draft('c', 'insert', { x: 1 })))
    const [first] = await store.read((tx) => listOutbox(tx))
    await store.write((tx) => removeMutation(tx, first!))
    // removing what is no longer there moves nothing
    await store.write((tx) => removeMutation(tx, first!))
    await exact(store)
    expect(await store.read((tx) => countOutbox(tx))).toBe(2)
    // counted once (the empty outbox, by the first append), never again
    const before = walks()
    await store.read((tx) => countOutbox(tx))
    expect(walks() - before).toBe(0)
  })

  it('counts an outbox written before the count was kept once, then keeps it', async () => {
    const store = memoryStore()
    await store.open(storeTestSchema())
    await store.write(async (tx) => {
      for (const seq of [1, 2, 3]) await tx.putRecord(OUTBOX, outboxKey(seq), { ...draft(`old-${seq}`, 'insert', {}), seq })
      await tx.putRecord('state', 'outbox-seq', 3)
    })
    expect(await store.read((tx) => countOutbox(tx))).toBe(3)
    await store.write((tx) => appendMutation(tx, draft('new', 'insert', { x: 1 })))
    expect(await store.read((tx) => tx.getRecord('state', 'outbox-count'))).toBe(4)
    await exact(store)
  })
})
