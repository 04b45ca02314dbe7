import { describe, expect, it } from 'vitest'
import { gadgets, localStoreConformance, storeTestSchema } from '@outpost/core/testing'
import { indexedDbStore } from './index.ts'
import { databaseNames } from './test-browser.ts'

// The shared LocalStore suite on Chromium's own IndexedDB and Web Locks (no fake-indexeddb).
let n = 0
let name = ''
localStoreConformance('indexeddb (Chromium)', {
  create: async () => {
    name = `chromium-conformance-${++n}`
    return indexedDbStore({ name })
  },
  reopen: async () => indexedDbStore({ name }),
})

describe('IndexedDB store in Chromium: data outlives the store object', () => {
  it('keeps documents and records across close and a new store on the same database', async () => {
    const first = indexedDbStore({ name: 'chromium-persist' })
    await first.open(storeTestSchema())
    await first.write(async (tx) => {
      for (const g of gadgets()) await tx.putDoc('Gadget', g)
      await tx.putRecord('outbox', '0001', { doctype: 'Gadget', name: 'G-1' })
    })
    await first.close()
    await expect(first.read((tx) => tx.countDocs('Gadget'))).rejects.toMatchObject({ code: 'STORE_CLOSED' })
    expect(await databaseNames()).toContain('chromium-persist')

    const second = indexedDbStore({ name: 'chromium-persist' })
    // records need no schema: a new tab reads its outbox before opening
    expect(await second.read((tx) => tx.getRecord('outbox', '0001'))).toEqual({ doctype: 'Gadget', name: 'G-1' })
    await second.open(storeTestSchema())
    expect(await second.read((tx) => tx.getDoc('Gadget', 'G-1'))).toEqual(gadgets()[0])
    expect(await second.read((tx) => tx.countDocs('Gadget'))).toBe(gadgets().length)
    await second.destroy()
    expect(await databaseNames()).not.toContain('chromium-persist')
  })

  it('shows one store the writes another store on the same database committed, as another tab would', async () => {
    const a = indexedDbStore({ name: 'chromium-two-tabs' })
    const b = indexedDbStore({ name: 'chromium-two-tabs' })
    await a.open(storeTestSchema())
    await b.open(storeTestSchema())
    await a.write((tx) => tx.putDoc('Gadget', gadgets()[0]!))
    expect((await b.read((tx) => tx.getDoc('Gadget', 'G-1')))?.['title']).toBe('Hammer')
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).write(async (tx) => {
      const count = (await tx.getRecord<number>('state', 'n')) ?? 0
      await tx.putRecord('state', 'n', count + 1)
    })))
    expect(await a.read((tx) => tx.getRecord('state', 'n'))).toBe(10)
    await a.close()
    await b.destroy()
  })
})

describe('IndexedDB store in Chromium: lists in their listOrder', () => {
  it('pages a filtered list sorted by its listOrder field as a store without pairing does, NULLs and ties included', async () => {
    const docs = Array.from({ length: 120 }, (_, i) => ({
      ...gadgets()[0]!, name: `G-${100 + i}`, outpost_id: `id-${i}`, maker: `M-${i % 3}`,
      price: i % 9 === 0 ? null : (i * 7) % 23, title: i % 11 === 0 ? null : `T ${i % 5}`,
    }))
    const pages: unknown[][] = []
    for (const listOrder of [{ Gadget: 'price' }, { Gadget: 'title' }, { Gadget: 'name' }]) {
      const store = indexedDbStore({ name: `chromium-list-order-${listOrder.Gadget}`, listOrder })
      await store.open(storeTestSchema())
      await store.write(async (tx) => { for (const d of docs) await tx.putDoc('Gadget', d) })
      const page = (field: string, order: 'asc' | 'desc') => store.read(async (tx) =>
        (await tx.queryDocs('Gadget', { filters: [{ doctype: undefined, field: 'maker', op: '=', value: 'm-1' }], orderBy: [{ field, order }, { field: 'name', order: 'asc' }], limit: 7, offset: 2 })).map((d) => d['name']))
      pages.push([await page('price', 'desc'), await page('price', 'asc'), await page('title', 'desc'), await page('title', 'asc')])
      await store.destroy()
    }
    expect(pages[0]).toEqual(pages[2])
    expect(pages[1]).toEqual(pages[2])
    expect((pages[2]![0] as unknown[]).length).toBe(7)
  })
})
