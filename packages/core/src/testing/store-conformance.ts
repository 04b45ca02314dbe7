import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseFilters, type Doc } from '@outpost/meta'
import type { DocQuery, LocalStore } from '../ports/local-store.ts'
import { gadgets, storeTestSchema } from './store-fixtures.ts'

export interface StoreHarness {
  /** A fresh, empty store (not yet opened). */
  create(): Promise<LocalStore>
  /** Open the same underlying data again after `close()`; omit for non-persistent stores. */
  reopen?(): Promise<LocalStore>
}

const names = (docs: Doc[]): string[] => docs.map((d) => String(d['name']))

/**
 * The LocalStore conformance suite: every store runs exactly these cases. A store that cannot
 * support a case must skip it with a reason, never silently.
 */
export function localStoreConformance(label: string, harness: StoreHarness): void {
  describe(`LocalStore conformance: ${label}`, () => {
    let store: LocalStore
    const query = (q: DocQuery) => store.read((tx) => tx.queryDocs('Gadget', q))
    const where = async (filters: unknown, extra: DocQuery = {}) =>
      names(await query({ filters: parseFilters(filters), orderBy: [{ field: 'name', order: 'asc' }], ...extra }))

    beforeEach(async () => {
      store = await harness.create()
      await store.open(storeTestSchema())
      await store.write(async (tx) => {
        for (const g of gadgets()) await tx.putDoc('Gadget', g)
      })
    })
    afterEach(async () => store.close())

    it('returns documents as they were put, child rows in order', async () => {
      const doc = await store.read((tx) => tx.getDoc('Gadget', 'G-1'))
      expect(doc).toEqual(gadgets()[0])
    })

    it('finds a document by name without regard to case', async () => {
      expect((await store.read((tx) => tx.getDoc('Gadget', 'g-1')))?.['name']).toBe('G-1')
    })

    it('replaces a document on put and removes it on delete', async () => {
      await store.write(async (tx) => {
        await tx.putDoc('Gadget', { ...gadgets()[0], title: 'Mallet', parts: [] })
        await tx.deleteDoc('Gadget', 'G-2')
      })
      const doc = await store.read((tx) => tx.getDoc('Gadget', 'G-1'))
      expect(doc?.['title']).toBe('Mallet')
      expect(doc?.['parts']).toEqual([])
      expect(await store.read((tx) => tx.getDoc('Gadget', 'G-2'))).toBeUndefined()
    })

    it('answers linkTarget, where the store offers it, as getDoc does, before and after writes', async (ctx) => {
      const offered = await store.read(async (tx) => tx.linkTarget !== undefined)
      if (!offered) ctx.skip('linkTarget is optional: this store offers none, and validation reads with getDoc (covered above)')
      const target = (name: string) => store.write((tx) => tx.linkTarget!('Gadget', name))
      expect(await target('g-1')).toEqual({ name: 'G-1', docstatus: 0 })
      expect(await target('G-404')).toBeUndefined()
      await store.write(async (tx) => {
        await tx.putDoc('Gadget', { ...gadgets()[0], docstatus: 1 })
        await tx.deleteDoc('Gadget', 'G-2')
      })
      expect(await target('G-1')).toEqual({ name: 'G-1', docstatus: 1 })
      expect(await store.read((tx) => tx.linkTarget!('Gadget', 'G-2'))).toBeUndefined()
    })

    it('finds a replaced document by its new indexed values only, under its new spelling', async () => {
      await store.write((tx) => tx.putDoc('Gadget', { ...gadgets()[1], name: 'g-2', maker: 'G-6', count: 7, title: 'hammer drill' }))
      const byMaker = async (maker: string): Promise<unknown[]> =>
        (await store.read((tx) => tx.queryDocs('Gadget', { filters: [{ doctype: undefined, field: 'maker', op: '=', value: maker }] }))).map((d) => d['name'])
      expect(await byMaker('G-6')).toEqual(['g-2'])
      expect(await byMaker('G-1')).toEqual(['G-6'])
      expect(await store.read((tx) => tx.countDocs('Gadget', { filters: [{ doctype: undefined, field: 'count', op: '=', value: 7 }] }))).toBe(1)
      expect((await store.read((tx) => tx.listDocNames('Gadget'))).filter((n) => n.toLowerCase() === 'g-2')).toEqual(['g-2'])
    })

    it('keeps nothing of a write that throws', async () => {
      await expect(store.write(async (tx) => {
        await tx.putDoc('Gadget', { ...gadgets()[0], title: 'Lost' })
        await tx.putRecord('outbox', '0001', { x: 1 })
        throw new Error('boom')
      })).rejects.toThrow('boom')
      expect((await store.read((tx) => tx.getDoc('Gadget', 'G-1')))?.['title']).toBe('Hammer')
      expect(await store.read((tx) => tx.getRecord('outbox', '0001'))).toBeUndefined()
    })

    it('serialises concurrent writes', async () => {
      await store.write((tx) => tx.putRecord('state', 'n', 0))
      await Promise.all(Array.from({ length: 20 }, () => store.write(async (tx) => {
        const n = (await tx.getRecord<number>('state', 'n')) ?? 0
        await tx.putRecord('state', 'n', n + 1)
      })))
      expect(await store.read((tx) => tx.getRecord('state', 'n'))).toBe(20)
    })

    it('filters with Frappe semantics on text, numbers, dates and NULLs', async () => {
      expect(await where({ title: 'hammer' })).toEqual(['G-1'])
      expect(await where([['title', 'like', 'hammer%']])).toEqual(['G-1', 'G-2'])
      expect(await where([['title', 'not like', '%ill%']])).toEqual(['G-1', 'G-3', 'G-4', 'G-5'])
      expect(await where([['title', 'like', '%\\_50%']])).toEqual([])
      expect(await where([['title', '!=', 'Drill']])).toEqual(['G-1', 'G-2', 'G-3', 'G-4', 'G-5'])
      expect(await where([['kind', 'in', ['tool']]])).toEqual(['G-1', 'G-2', 'G-6'])
      expect(await where([['kind', 'not in', ['Tool']]])).toEqual(['G-3', 'G-4', 'G-5'])
      expect(await where([['kind', 'is', 'not set']])).toEqual(['G-4'])
      expect(await where([['count', 'is', 'set']])).toEqual(['G-1', 'G-3', 'G-5', 'G-6'])
      expect(await where([['made_on', 'is', 'not set']])).toEqual(['G-3'])
      expect(await where([['seen_at', 'is', 'set']])).toEqual(['G-1'])
      expect(await where([['price', '>', 10.5]])).toEqual(['G-2', 'G-5', 'G-6'])
      expect(await where([['price', '<=', '2']])).toEqual(['G-3', 'G-4'])
      expect(await where([['active', '=', 0]])).toEqual(['G-2', 'G-4'])
      expect(await where([['made_on', 'between', ['2026-01-01', '2026-01-31']]])).toEqual(['G-1', 'G-5', 'G-6'])
      expect(await where([['made_on', '<', '2026-01-01']])).toEqual(['G-3', 'G-4'])
      expect(await where([['seen_at', 'between', ['2026-01-05', '2026-01-05']]])).toEqual(['G-1'])
      expect(await where([['maker', '=', 'g-1']])).toEqual(['G-2', 'G-6'])
      expect(await where([['modified', '>=', '2026-01-05 10:00:00.000000']])).toEqual(['G-5', 'G-6'])
    })

    it('ORs or_filters and ANDs them with filters', async () => {
      const rows = names(await query({
        filters: parseFilters({ kind: 'Tool' }),
        orFilters: parseFilters([['price', '>', 50], ['title', 'like', 'dr%']]),
        orderBy: [{ field: 'name', order: 'asc' }],
      }))
      expect(rows).toEqual(['G-2', 'G-6'])
    })

    it('filters on child rows, in the 4-tuple form and by a child-only field', async () => {
      expect(await where([['Gadget Part', 'part', '=', 'bit']])).toEqual(['G-6'])
      expect(await where([['qty', '>', 1]])).toEqual(['G-3', 'G-6'])
    })

    it('orders by several terms, NULL first ascending, then by name', async () => {
      const asc = names(await query({ orderBy: [{ field: 'made_on', order: 'asc' }] }))
      expect(asc).toEqual(['G-3', 'G-4', 'G-1', 'G-6', 'G-5', 'G-2'])
      const desc = names(await query({ orderBy: [{ field: 'kind', order: 'desc' }, { field: 'price', order: 'asc' }] }))
      expect(desc).toEqual(['G-3', 'G-5', 'G-1', 'G-6', 'G-2', 'G-4'])
      const text = names(await query({ orderBy: [{ field: 'title', order: 'asc' }] }))
      expect(text).toEqual(['G-4', 'G-6', 'G-1', 'G-2', 'G-5', 'G-3'])
    })

    it('pages with offset and limit, and counts', async () => {
      expect(names(await query({ orderBy: [{ field: 'idx', order: 'desc' }], offset: 1, limit: 2 }))).toEqual(['G-5', 'G-4'])
      expect(await store.read((tx) => tx.countDocs('Gadget', { filters: parseFilters({ kind: 'Tool' }) }))).toBe(3)
      expect(await store.read((tx) => tx.countDocs('Gadget'))).toBe(6)
      expect((await store.read((tx) => tx.listDocNames('Gadget'))).sort()).toEqual(['G-1', 'G-2', 'G-3', 'G-4', 'G-5', 'G-6'])
    })

    it('ranks by the position of a text in the name', async () => {
      await store.write(async (tx) => {
        await tx.putDoc('Gadget', { ...gadgets()[0], name: 'XG-1' })
        await tx.putDoc('Gadget', { ...gadgets()[0], name: 'XXG-1' })
      })
      const rows = names(await query({ rankByName: 'g-1', orderBy: [{ field: 'name', order: 'desc' }] }))
      expect(rows.slice(0, 3)).toEqual(['G-1', 'XG-1', 'XXG-1'])
    })

    it('keeps records by kind, listed in key order, with prefixes', async () => {
      await store.write(async (tx) => {
        await tx.putRecord('outbox', '0002', { n: 2 })
        await tx.putRecord('outbox', '0001', { n: 1 })
        await tx.putRecord('error', '0001', { other: true })
        await tx.putRecord('base', 'Gadget\u0000G-1', { modified: 'x' })
      })
      const listed = await store.read((tx) => tx.listRecords<{ n: number }>('outbox'))
      expect(listed).toEqual([{ key: '0001', value: { n: 1 } }, { key: '0002', value: { n: 2 } }])
      expect(await store.read((tx) => tx.listRecords('base', { prefix: 'Gadget\u0000' }))).toHaveLength(1)
      expect(await store.read((tx) => tx.countRecords('outbox'))).toBe(2)
      await store.write((tx) => tx.deleteRecord('outbox', '0001'))
      expect(await store.read((tx) => tx.listRecords('outbox'))).toHaveLength(1)
    })

    it('opens with a schema that gained a field, keeping documents', async () => {
      await store.close()
      store = harness.reopen ? await harness.reopen() : store
      await store.open(storeTestSchema(true))
      if (!harness.reopen) return
      await store.write((tx) => tx.putDoc('Gadget', { ...gadgets()[0], name: 'G-7', colour: 'Red' }))
      expect(await where({ colour: 'red' })).toEqual(['G-7'])
      expect((await store.read((tx) => tx.getDoc('Gadget', 'G-1')))?.['title']).toBe('Hammer')
    })

    const persistence = harness.reopen ? 'keeps committed data across close and reopen' : 'keeps committed data across close and reopen (skipped: this store is not persistent)'
    it.skipIf(!harness.reopen)(persistence, async () => {
      await store.write((tx) => tx.putRecord('outbox', '0009', { kept: true }))
      await store.close()
      store = await harness.reopen!()
      await store.open(storeTestSchema())
      expect(await store.read((tx) => tx.getRecord('outbox', '0009'))).toEqual({ kept: true })
      expect(await store.read((tx) => tx.countDocs('Gadget'))).toBe(6)
      expect((await store.read((tx) => tx.listDocNames('Gadget'))).sort()).toEqual(['G-1', 'G-2', 'G-3', 'G-4', 'G-5', 'G-6'])
    })

    it('wipes everything on destroy', async () => {
      await store.destroy()
      store = await harness.create()
      await store.open(storeTestSchema())
      expect(await store.read((tx) => tx.countDocs('Gadget'))).toBe(0)
    })
  })
}
