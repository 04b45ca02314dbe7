import { afterEach, describe, expect, it } from 'vitest'
import { Dexie } from 'dexie'
import { IDBCursor, IDBIndex, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb'
import { parseFilters, type Doc } from '@outpost/meta'
import type { LocalStore } from '@outpost/core'
import { memoryStore, storeTestSchema } from '@outpost/core/testing'
import { testDb } from './test-stores.ts'

type Method = (this: unknown, ...args: unknown[]) => unknown
const undo: (() => void)[] = []
afterEach(() => undo.splice(0).forEach((f) => f()))

/** Count calls of a fake-indexeddb method: reads of documents, one per get or cursor step. */
function counted(proto: object, method: string): { calls: number } {
  const target = proto as Record<string, Method>
  const original = target[method]!
  const counter = { calls: 0 }
  target[method] = function (this: unknown, ...args: unknown[]) {
    counter.calls++
    return original.apply(this, args)
  }
  undo.push(() => {
    target[method] = original
  })
  return counter
}

const gadget = (i: number): Doc => ({
  doctype: 'Gadget', name: `G-${String(i).padStart(5, '0')}`, modified: `2026-01-01 00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(6, '0')}`,
  docstatus: i % 7 === 0 ? 1 : 0, idx: 0, title: `Gadget ${i}`, maker: `M-${i % 10}`, price: i % 97, parts: [{ name: `p${i}`, idx: 1, part: 'x', qty: 1 }],
})

describe('IndexedDB store: a desk list reads through indexes', () => {
  it('filters by a Link, sorts by modified, loads only the page of 20 and counts without scanning 3000 documents', async () => {
    const store = testDb().store('desk-list')
    await store.open(storeTestSchema())
    await store.write(async (tx) => { for (let i = 0; i < 3000; i++) await tx.putDoc('Gadget', gadget(i)) })
    const gets = counted(IDBObjectStore.prototype, 'get')
    const getAlls = counted(IDBObjectStore.prototype, 'getAll')
    const steps = counted(IDBCursor.prototype, 'continue')
    const filters = parseFilters({ maker: 'm-7', docstatus: 1 })
    const page = await store.read((tx) => tx.queryDocs('Gadget', { filters, orderBy: [{ field: 'modified', order: 'desc' }], limit: 20 }))
    const count = await store.read((tx) => tx.countDocs('Gadget', { filters }))
    const matching = Array.from({ length: 3000 }, (_, i) => gadget(i)).filter((d) => d['maker'] === 'M-7' && d['docstatus'] === 1)
    expect(count).toBe(matching.length)
    expect(matching.length).toBeGreaterThan(20)
    expect(page).toHaveLength(20)
    expect(page.every((d) => d['maker'] === 'M-7' && d['docstatus'] === 1)).toBe(true)
    // The maker's entries carry modified (the DocType's sort field): listed as keys, in modified
    // order; docstatus comes from the name entries' groups (a cursor step per group, two groups,
    // for the page and for the count); only the page and the next candidate (does it tie?) were
    // loaded, the count read none, and nothing was scanned.
    expect(gets.calls).toBe(21)
    expect(getAlls.calls).toBe(0)
    expect(steps.calls).toBe(4)
  })

  it('reads the first page of a sort without a filter in index order, stopping when it is full', async () => {
    const store = testDb().store('desk-sort')
    await store.open(storeTestSchema())
    await store.write(async (tx) => { for (let i = 0; i < 3000; i++) await tx.putDoc('Gadget', gadget(i)) })
    const steps = counted(IDBCursor.prototype, 'continue')
    const getAlls = counted(IDBObjectStore.prototype, 'getAll')
    const page = await store.read((tx) => tx.queryDocs('Gadget', { orderBy: [{ field: 'modified', order: 'desc' }], limit: 20 }))
    expect(page.map((d) => d['name'])[0]).toBe('G-02999')
    expect(steps.calls).toBeLessThan(25)
    expect(getAlls.calls).toBe(0)
    expect(await store.read((tx) => tx.countDocs('Gadget'))).toBe(3000)
  })

  it('writes no entry for a NULL, and still finds, counts and sorts the NULLs from the index', async () => {
    const db = testDb()
    const store = db.store('nulls')
    await store.open(storeTestSchema())
    // maker is NULL on every third gadget; outpost_id on all
    const docs = Array.from({ length: 300 }, (_, i) => ({ ...gadget(i), maker: i % 3 === 0 ? null : `M-${i % 10}` }))
    await store.write(async (tx) => { for (const d of docs) await tx.putDoc('Gadget', d) })
    await store.close()
    const raw = new Dexie('nulls', { indexedDB: db.indexedDB, IDBKeyRange })
    await raw.open()
    const row = (await raw.table('docs').get(['Gadget', 'g-00000'])) as { ix: unknown[][] }
    raw.close()
    expect(row.ix.filter((e) => e[1] === 'maker' || e[1] === 'outpost_id')).toEqual([])
    // the name entry's group: the NULL entry fields, then the grouped values (docstatus 1, active 0, kind NULL)
    expect(row.ix).toContainEqual(['Gadget', '#name', 'maker outpost_id\u0001[1,0,null]', 'G-00000'])

    const again = db.store('nulls')
    await again.open(storeTestSchema())
    const gets = counted(IDBObjectStore.prototype, 'get')
    const unset = parseFilters({ maker: ['is', 'not set'] })
    expect(await again.read((tx) => tx.countDocs('Gadget', { filters: unset }))).toBe(100)
    expect(gets.calls).toBe(0)
    const first = await again.read((tx) => tx.queryDocs('Gadget', { orderBy: [{ field: 'maker', order: 'asc' }], limit: 3 }))
    expect(first.map((d) => d['maker'])).toEqual([null, null, null])
    const last = await again.read((tx) => tx.queryDocs('Gadget', { orderBy: [{ field: 'maker', order: 'desc' }], limit: 2, offset: 199 }))
    // 200 makers from M-9 down to M-0, then the NULLs last
    expect(last.map((d) => d['maker'])).toEqual(['M-0', null])
  })

  it('answers docstatus and the Select and Check fields lists filter by from the name entries, with no entry of their own and no document read', async () => {
    const db = testDb()
    const store = db.store('groups')
    await store.open(storeTestSchema())
    const kinds = ['Tool', 'Toy', null]
    const docs = Array.from({ length: 600 }, (_, i) => ({ ...gadget(i), kind: kinds[i % 3], active: i % 2 }))
    await store.write(async (tx) => { for (const d of docs) await tx.putDoc('Gadget', d) })
    const memory = memoryStore()
    await memory.open(storeTestSchema())
    await memory.write(async (tx) => { for (const d of docs) await tx.putDoc('Gadget', d) })
    const gets = counted(IDBObjectStore.prototype, 'get')
    const getAlls = counted(IDBObjectStore.prototype, 'getAll')
    const keyLists = counted(IDBIndex.prototype, 'getAllKeys')
    const filterSets = [
      { docstatus: 1 }, { kind: 'toy' }, { kind: ['!=', 'Tool'] }, { kind: ['not in', ['Tool', 'Toy']] }, { kind: ['is', 'set'] },
      { kind: ['like', 'to%'] }, { active: 1, docstatus: ['<', 1] }, { kind: ['in', ['Tool', '']] },
    ]
    for (const f of filterSets) {
      const filters = parseFilters(f)
      expect(await store.read((tx) => tx.countDocs('Gadget', { filters })), JSON.stringify(f)).toBe(await memory.read((tx) => tx.countDocs('Gadget', { filters })))
    }
    // every count came from the groups: the index counted each passing group, no key was listed and no document read
    expect(gets.calls + getAlls.calls + keyLists.calls).toBe(0)
    for (const f of filterSets) {
      const query = { filters: parseFilters(f), orderBy: [{ field: 'modified', order: 'desc' as const }], limit: 7 }
      const names = async (s: LocalStore): Promise<unknown[]> => (await s.read((tx) => tx.queryDocs('Gadget', query))).map((d) => d['name'])
      expect(await names(store), JSON.stringify(f)).toEqual(await names(memory))
    }
    await store.close()
    const raw = new Dexie('groups', { indexedDB: db.indexedDB, IDBKeyRange })
    await raw.open()
    const row = (await raw.table('docs').get(['Gadget', 'g-00001'])) as { ix: unknown[][] }
    raw.close()
    expect(row.ix.map((e) => e[1])).toEqual(['maker', 'modified', '#name'])
    // docstatus, then active and kind (sorted): G-00001 is a Toy, active, docstatus 0
    expect(row.ix.at(-1)).toEqual(['Gadget', '#name', 'outpost_id\u0001[0,1,"toy"]', 'G-00001'])
  })

  it('refuses a grouped filter meta refuses, as a scan does', async () => {
    const store = testDb().store('group-refusal')
    await store.open(storeTestSchema())
    await store.write((tx) => tx.putDoc('Gadget', gadget(1)))
    await expect(store.read((tx) => tx.countDocs('Gadget', { filters: parseFilters({ kind: ['is', 'blue'] }) }))).rejects.toThrow(/set/)
  })
})
