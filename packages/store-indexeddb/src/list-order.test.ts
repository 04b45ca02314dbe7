import { describe, expect, it } from 'vitest'
import { Dexie } from 'dexie'
import { IDBKeyRange, type IDBFactory } from 'fake-indexeddb'
import { parseFilters, type Doc } from '@outpost/meta'
import type { DocQuery, LocalStore } from '@outpost/core'
import { storeTestSchema } from '@outpost/core/testing'
import { testDb } from './test-stores.ts'

const gadget = (i: number): Doc => ({
  doctype: 'Gadget', name: `G-${String(i).padStart(3, '0')}`, modified: `2026-01-01 00:00:${String(i % 60).padStart(2, '0')}.000000`,
  docstatus: 0, idx: 0, title: `Gadget ${i}`, maker: `M-${i % 4}`, price: (i * 37) % 101, parts: [],
})
const GADGETS = Array.from({ length: 200 }, (_, i) => gadget(i))

async function filled(store: LocalStore): Promise<LocalStore> {
  await store.open(storeTestSchema())
  await store.write(async (tx) => { for (const g of GADGETS) await tx.putDoc('Gadget', g) })
  return store
}

/** The maker entry of one stored row, as IndexedDB holds it. */
async function makerEntry(indexedDB: InstanceType<typeof IDBFactory>, name: string): Promise<unknown> {
  const raw = new Dexie(name, { indexedDB, IDBKeyRange })
  await raw.open()
  const row = (await raw.table('docs').get(['Gadget', 'g-005'])) as { ix: unknown[][] }
  raw.close()
  return row.ix.find((e) => e[1] === 'maker')
}

const byPrice: DocQuery = { filters: parseFilters({ maker: 'M-1' }), orderBy: [{ field: 'price', order: 'desc' }], limit: 5 }
const expectedByPrice = GADGETS.filter((g) => g['maker'] === 'M-1').sort((a, b) => Number(b['price']) - Number(a['price']) || String(a['name']).localeCompare(String(b['name']))).slice(0, 5).map((g) => g['name'])

describe('IndexedDB store: listOrder', () => {
  it('refuses an option that is not DocType names to fieldnames, before touching any database', () => {
    const db = testDb()
    for (const listOrder of [[], 'price', { Gadget: '' }, { Gadget: 3 }, null]) {
      expect(() => db.store('bad', { listOrder: listOrder as never })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/listOrder/) }))
    }
  })

  it('refuses at open a field the DocType cannot sort by, and leaves the database as it was', async () => {
    const db = testDb()
    await filled(db.store('shop'))
    for (const field of ['no_such_field', 'parts']) {
      const store = db.store('shop', { listOrder: { Gadget: field } })
      await expect(store.open(storeTestSchema())).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: `listOrder: Gadget has no field ${field} to sort its lists by` })
    }
    // DocTypes the schema does not hold are left for a later schema
    const store = db.store('shop', { listOrder: { 'Not Synced': 'whatever' } })
    await store.open(storeTestSchema())
    expect(await store.read((tx) => tx.countDocs('Gadget'))).toBe(200)
  })

  it('pairs every entry with the DocType sort field, or the listOrder field, and rewrites them when it changes', async () => {
    const db = testDb()
    await (await filled(db.store('pairs'))).close()
    // storeTestSchema's Gadget sorts by modified
    expect(await makerEntry(db.indexedDB, 'pairs')).toEqual(['Gadget', 'maker', 'm-1', '2026-01-01 00:00:05.000000'])
    const byPriceStore = db.store('pairs', { listOrder: { Gadget: 'price' } })
    await byPriceStore.open(storeTestSchema())
    expect(await byPriceStore.read((tx) => tx.queryDocs('Gadget', byPrice)).then((docs) => docs.map((d) => d['name']))).toEqual(expectedByPrice)
    await byPriceStore.close()
    expect(await makerEntry(db.indexedDB, 'pairs')).toEqual(['Gadget', 'maker', 'm-1', (5 * 37) % 101])
  })

  it('answers a filtered list sorted by it the same as without pairing, writes and deletions included', async () => {
    const db = testDb()
    const paired = await filled(db.store('paired', { listOrder: { Gadget: 'price' } }))
    const plain = await filled(db.store('plain', { listOrder: { Gadget: 'name' } }))
    for (const s of [paired, plain]) {
      await s.write(async (tx) => {
        await tx.putDoc('Gadget', { ...gadget(1), price: 1000 })
        await tx.deleteDoc('Gadget', 'G-005')
      })
    }
    const answers = await Promise.all([paired, plain].map((s) => s.read((tx) => tx.queryDocs('Gadget', byPrice))))
    expect(answers[0]!.map((d) => d['name'])[0]).toBe('G-001')
    expect(answers[0]).toEqual(answers[1])
  })
})
