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
