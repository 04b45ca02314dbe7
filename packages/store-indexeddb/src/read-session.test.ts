import { afterEach, describe, expect, it } from 'vitest'
import { IDBDatabase, IDBObjectStore } from 'fake-indexeddb'
import { testDb } from './test-stores.ts'

type Method = (this: unknown, ...args: unknown[]) => unknown
const proto = IDBObjectStore.prototype as unknown as Record<'get' | 'delete', Method>

/** Count calls of an IDBObjectStore method on the `records` store from now on; `undo` puts it back. */
function counting(method: 'get' | 'delete'): { readonly calls: () => number; undo(): void } {
  const original = proto[method]
  let calls = 0
  proto[method] = function (this: unknown, ...args: unknown[]) {
    if ((this as { name?: string }).name === 'records') calls++
    return original.apply(this, args)
  }
  return { calls: () => calls, undo: () => void (proto[method] = original) }
}

let undo: (() => void)[] = []
afterEach(() => {
  for (const u of undo) u()
  undo = []
})

/** The mode of every IndexedDB transaction opened from now on (put back after the test). */
function openedTransactions(): unknown[] {
  const dbProto = IDBDatabase.prototype as unknown as { transaction: Method }
  const original = dbProto.transaction
  const modes: unknown[] = []
  dbProto.transaction = function (this: unknown, ...args: unknown[]) {
    modes.push(args[1])
    return original.apply(this, args)
  }
  undo.push(() => void (dbProto.transaction = original))
  return modes
}

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
    const opened = openedTransactions()
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
    expect(opened.length).toBe(2)
  })
})

describe('IndexedDB store: the requests of one call', () => {
  it('asks for a record read twice in a call once, and gives each reader its own copy', async () => {
    const store = await testDb().gadgetStore('record-memo')
    await store.write((tx) => tx.putRecord('outbox-doc', 'Gadget\u0000g-1', [1, 2]))
    const gets = counting('get')
    undo.push(gets.undo)
    const [first, second] = await store.write(async (tx) => {
      const a = await tx.getRecord<number[]>('outbox-doc', 'Gadget\u0000g-1')
      a!.push(99)
      const b = await tx.getRecord<number[]>('outbox-doc', 'Gadget\u0000g-1')
      return [a, b]
    })
    expect(first).toEqual([1, 2, 99])
    expect(second).toEqual([1, 2])
    expect(gets.calls()).toBe(1)
    // the next call asks again: another tab may have written in between
    expect(await store.read((tx) => tx.getRecord('outbox-doc', 'Gadget\u0000g-1'))).toEqual([1, 2])
    expect(gets.calls()).toBe(2)
  })

  it('counts the kinds earlier calls counted in one go, and answers what a write buffered over them', async () => {
    const store = await testDb().gadgetStore('counts')
    await store.write(async (tx) => {
      await tx.putRecord('outbox', '0001', {})
      await tx.putRecord('error', 'e1', {})
    })
    const proto = IDBObjectStore.prototype as unknown as Record<'count', Method>
    const original = proto.count
    const counted: number[] = []
    proto.count = function (this: unknown, ...args: unknown[]) {
      counted.push(counted.length)
      return original.apply(this, args)
    }
    undo.push(() => void (proto.count = original))
    const status = () => store.read(async (tx) => [await tx.countRecords('outbox'), await tx.countRecords('error'), await tx.countRecords('conflict')])
    expect(await status()).toEqual([1, 1, 0])
    const firstCall = counted.length
    expect(await status()).toEqual([1, 1, 0])
    // the second call asked for all three counts with its first
    expect(counted.length - firstCall).toBe(3)
    expect(await store.write(async (tx) => {
      await tx.putRecord('outbox', '0002', {})
      await tx.deleteRecord('error', 'e1')
      return [await tx.countRecords('outbox'), await tx.countRecords('error')]
    })).toEqual([2, 0])
  })

  it('reads a desk list and its count in one transaction each', async () => {
    const store = await testDb().gadgetStore('list-tx')
    const opened = openedTransactions()
    const filters = [{ doctype: undefined, field: 'maker', op: '=' as const, value: 'G-1' }]
    const page = await store.read((tx) => tx.queryDocs('Gadget', { filters, orderBy: [{ field: 'modified', order: 'desc' }], limit: 20 }))
    expect(page.map((d) => d['name'])).toEqual(['G-6', 'G-2'])
    expect(opened.length).toBe(1)
    expect(await store.read((tx) => tx.countDocs('Gadget', { filters }))).toBe(2)
    expect(opened.length).toBe(2)
  })

  it("puts a write's changes in the transaction its reads used, or in a new one once it awaited something else", async () => {
    const store = await testDb().gadgetStore('one-write-tx')
    const modes = openedTransactions()
    const save = (pause: boolean) => store.write(async (tx) => {
      const seq = (await tx.getRecord<number>('state', 'seq')) ?? 0
      const doc = await tx.getDoc('Gadget', 'G-1')
      if (pause) await new Promise((resolve) => setTimeout(resolve, 5))
      await tx.putDoc('Gadget', { ...doc, title: `Hammer ${seq}` })
      await tx.putRecord('state', 'seq', seq + 1)
    })
    await save(false)
    expect(modes).toEqual(['readwrite'])
    await save(true)
    expect(modes).toEqual(['readwrite', 'readwrite', 'readwrite'])
    expect(await store.read(async (tx) => [(await tx.getDoc('Gadget', 'G-1'))?.['title'], await tx.getRecord('state', 'seq')])).toEqual(['Hammer 1', 2])
  })
})

