import { afterEach, describe, expect, it } from 'vitest'
import { IDBDatabase, IDBObjectStore } from 'fake-indexeddb'
import { testDb } from './test-stores.ts'

type Method = (this: unknown, ...args: unknown[]) => unknown
const proto = IDBObjectStore.prototype as unknown as Record<'get' | 'delete', Method>

/** Count calls of an IDBObjectStore method from now on; `undo` puts it back. */
function counting(method: 'get' | 'delete'): { readonly calls: () => number; undo(): void } {
  const original = proto[method]
  let calls = 0
  proto[method] = function (this: unknown, ...args: unknown[]) {
    calls++
    return original.apply(this, args)
  }
  return { calls: () => calls, undo: () => void (proto[method] = original) }
}

let undo: (() => void)[] = []
afterEach(() => {
  for (const u of undo) u()
  undo = []
})

describe('IndexedDB store: reads and deletions of record kinds in one call', () => {
  it('answers reads of a kind that held nothing without a request per read, and sends no deletion for it', async () => {
    const store = await testDb().gadgetStore('empty-kinds')
    const gets = counting('get')
    const deletes = counting('delete')
    undo.push(gets.undo, deletes.undo)
    const found = await store.write(async (tx) => {
      const seen: unknown[] = []
      for (let i = 0; i < 100; i++) {
        seen.push(await tx.getRecord('outbox-doc', `Gadget:G-${i}`))
        await tx.deleteRecord('base', `Gadget:G-${i}`)
      }
      await tx.putRecord('outbox-doc', 'Gadget:G-5', [1])
      seen.push(await tx.getRecord('outbox-doc', 'Gadget:G-5'))
      return seen
    })
    expect(found.slice(0, 100).every((v) => v === undefined)).toBe(true)
    expect(found[100]).toEqual([1])
    // a few reads before the session asks whether the kind is empty, none after
    expect(gets.calls()).toBeLessThan(5)
    expect(deletes.calls()).toBe(0)
    expect(await store.read((tx) => tx.getRecord('outbox-doc', 'Gadget:G-5'))).toEqual([1])
    expect(await store.read((tx) => tx.countRecords('base'))).toBe(0)
  })

  it('still reads and deletes records of a kind that holds some, however many calls come', async () => {
    const store = await testDb().gadgetStore('full-kinds')
    await store.write(async (tx) => {
      for (let i = 0; i < 10; i++) await tx.putRecord('base', `k${i}`, { i })
    })
    const seen = await store.write(async (tx) => {
      const out: unknown[] = []
      for (let i = 0; i < 10; i++) out.push(await tx.getRecord('base', `k${i}`))
      for (let i = 0; i < 10; i += 2) await tx.deleteRecord('base', `k${i}`)
      return out
    })
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => ({ i })))
    expect((await store.read((tx) => tx.listRecords('base'))).map((r) => r.key)).toEqual(['k1', 'k3', 'k5', 'k7', 'k9'])
    expect(await store.read((tx) => tx.countRecords('base'))).toBe(5)
  })

  it('sees a kind emptied or filled by an earlier write, not what a previous call learnt', async () => {
    const store = await testDb().gadgetStore('kinds-across-calls')
    const read = () => store.write(async (tx) => {
      const out: unknown[] = []
      for (let i = 0; i < 5; i++) out.push(await tx.getRecord('state', `s${i}`))
      return out
    })
    expect(await read()).toEqual([undefined, undefined, undefined, undefined, undefined])
    await store.write((tx) => tx.putRecord('state', 's4', 'four'))
    expect(await read()).toEqual([undefined, undefined, undefined, undefined, 'four'])
  })
})

describe('IndexedDB store: point reads of one call', () => {
  it('share a transaction while the reads follow one another, and open another after a timer', async () => {
    const store = await testDb().gadgetStore('shared-reads')
    const dbProto = IDBDatabase.prototype as unknown as { transaction: Method }
    const original = dbProto.transaction
    let opened = 0
    dbProto.transaction = function (this: unknown, ...args: unknown[]) {
      opened++
      return original.apply(this, args)
    }
    undo.push(() => void (dbProto.transaction = original))
    const titles = await store.read(async (tx) => {
      const out: unknown[] = []
      for (let round = 0; round < 2; round++) {
        for (let i = 1; i <= 6; i++) out.push((await tx.getDoc('Gadget', `G-${i}`))?.['title'])
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      return out
    })
    expect(titles.slice(0, 6)).toContain('Hammer')
    expect(titles.slice(6)).toEqual(titles.slice(0, 6))
    expect(opened).toBe(2)
  })
})
