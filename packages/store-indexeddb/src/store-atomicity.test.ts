import { afterEach, describe, expect, it } from 'vitest'
import { gadgets } from '@outpost/core/testing'
import { OutpostError, type StoreWriter } from '@outpost/core'
import { isStoreFull, STORE_FULL, type LockManagerLike } from './index.ts'
import { abortOnPut, failPut, quotaExceeded, sleep, testDb } from './test-stores.ts'

let undo: (() => void) | undefined
afterEach(() => {
  undo?.()
  undo = undefined
})

const title = (doc: Record<string, unknown> | undefined): unknown => doc?.['title']

describe('IndexedDB store: writes are atomic', () => {
  it('fails a write refused for quota with STORE_FULL and keeps none of it', async () => {
    const store = await testDb().gadgetStore('quota')
    undo = failPut(3, quotaExceeded())
    const write = store.write(async (tx) => {
      for (let i = 0; i < 5; i++) await tx.putDoc('Gadget', { ...gadgets()[0], name: `Q-${i}` })
      await tx.putDoc('Gadget', { ...gadgets()[0], title: 'Changed' })
      await tx.putRecord('outbox', '0001', { n: 1 })
    })
    const error = await write.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutpostError)
    expect((error as OutpostError).code).toBe(STORE_FULL)
    expect(isStoreFull(error)).toBe(true)
    expect((error as Error).message).toMatch(/quota/)
    undo()
    expect(await store.read((tx) => tx.countDocs('Gadget'))).toBe(6)
    expect(title(await store.read((tx) => tx.getDoc('Gadget', 'G-1')))).toBe('Hammer')
    expect(await store.read((tx) => tx.countRecords('outbox'))).toBe(0)
    // the store goes on working once there is room
    await store.write((tx) => tx.putRecord('outbox', '0001', { n: 1 }))
    expect(await store.read((tx) => tx.countRecords('outbox'))).toBe(1)
  })

  it('fails a write whose transaction the browser aborts for quota with STORE_FULL, keeping none of it', async () => {
    const store = await testDb().gadgetStore('quota-abort')
    undo = abortOnPut(2)
    const error = await store.write(async (tx) => {
      for (let i = 0; i < 400; i++) await tx.putDoc('Gadget', { ...gadgets()[0], name: `Q-${i}` })
      await tx.deleteDoc('Gadget', 'G-2')
      await tx.putRecord('outbox', '0001', { n: 1 })
    }).catch((e: unknown) => e)
    expect(isStoreFull(error)).toBe(true)
    undo()
    expect(await store.read((tx) => tx.countDocs('Gadget'))).toBe(6)
    expect(await store.read((tx) => tx.getDoc('Gadget', 'G-2'))).toBeDefined()
    expect(await store.read((tx) => tx.countRecords('outbox'))).toBe(0)
  })

  it('stays atomic when the write awaits timers between its changes', async () => {
    const store = await testDb().gadgetStore('timers')
    await expect(store.write(async (tx) => {
      await tx.putDoc('Gadget', { ...gadgets()[0], title: 'Lost' })
      await sleep(20)
      await tx.putRecord('outbox', '0001', { n: 1 })
      await sleep(20)
      throw new Error('hook failed')
    })).rejects.toThrow('hook failed')
    expect(title(await store.read((tx) => tx.getDoc('Gadget', 'G-1')))).toBe('Hammer')
    await store.write(async (tx) => {
      await tx.putDoc('Gadget', { ...gadgets()[0], title: 'Kept' })
      await sleep(20)
      await tx.putRecord('outbox', '0001', { n: 1 })
    })
    expect(title(await store.read((tx) => tx.getDoc('Gadget', 'G-1')))).toBe('Kept')
    expect(await store.read((tx) => tx.getRecord('outbox', '0001'))).toEqual({ n: 1 })
  })

  it('lets a write read its own changes over committed data', async () => {
    const store = await testDb().gadgetStore('read-own')
    await store.write((tx) => tx.putRecord('outbox', '0002', { n: 2 }))
    await store.write(async (tx) => {
      await tx.putDoc('Gadget', { ...gadgets()[1], name: 'g-2', title: 'Renamed spelling' })
      await tx.deleteDoc('Gadget', 'G-3')
      await tx.putDoc('Gadget', { ...gadgets()[0], name: 'G-9', maker: 'G-1' })
      await tx.putRecord('outbox', '0001', { n: 1 })
      await tx.deleteRecord('outbox', '0002')
      await tx.putRecord('outbox', '0003', { n: 3 })
      expect(title(await tx.getDoc('Gadget', 'G-2'))).toBe('Renamed spelling')
      expect(await tx.getDoc('Gadget', 'g-3')).toBeUndefined()
      expect(await tx.countDocs('Gadget')).toBe(6)
      expect(await tx.countDocs('Gadget', { filters: [{ doctype: undefined, field: 'maker', op: '=', value: 'G-1' }] })).toBe(3)
      expect((await tx.listDocNames('Gadget')).sort()).toEqual(['G-1', 'G-4', 'G-5', 'G-6', 'G-9', 'g-2'])
      const page = await tx.queryDocs('Gadget', { orderBy: [{ field: 'idx', order: 'desc' }], limit: 2 })
      expect(page.map((d) => d['name'])).toEqual(['G-6', 'G-5'])
      expect(await tx.listRecords('outbox')).toEqual([{ key: '0001', value: { n: 1 } }, { key: '0003', value: { n: 3 } }])
      expect(await tx.countRecords('outbox')).toBe(2)
    })
    expect((await store.read((tx) => tx.listDocNames('Gadget'))).sort()).toEqual(['G-1', 'G-4', 'G-5', 'G-6', 'G-9', 'g-2'])
  })

  it('returns copies: changing a document after putting or getting it changes nothing stored', async () => {
    const store = await testDb().gadgetStore('copies')
    await store.write(async (tx) => {
      const doc = { ...gadgets()[0], parts: [] as unknown[] }
      await tx.putDoc('Gadget', doc)
      doc.parts.push({ name: 'x' })
      const got = await tx.getDoc('Gadget', 'G-1')
      ;(got!['parts'] as unknown[]).push({ name: 'y' })
    })
    expect((await store.read((tx) => tx.getDoc('Gadget', 'G-1')))?.['parts']).toEqual([])
  })

  it('refuses a transaction handle used after its write ended', async () => {
    const store = await testDb().gadgetStore('leak')
    let leaked: StoreWriter | undefined
    await store.write(async (tx) => {
      leaked = tx
    })
    await expect(leaked!.putRecord('state', 'x', 1)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(leaked!.getDoc('Gadget', 'G-1')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })

  it('serialises writes of two stores on one database (two tabs) through Web Locks', async () => {
    const db = testDb()
    const locks = fifoLocks()
    const [a, b] = [db.store('tabs', { locks }), db.store('tabs', { locks })]
    await a.write((tx) => tx.putRecord('state', 'n', 0))
    const bump = (s: typeof a) => s.write(async (tx) => {
      const n = (await tx.getRecord<number>('state', 'n')) ?? 0
      await sleep(1)
      await tx.putRecord('state', 'n', n + 1)
    })
    await Promise.all(Array.from({ length: 10 }, () => [bump(a), bump(b)]).flat())
    expect(await b.read((tx) => tx.getRecord('state', 'n'))).toBe(20)
    expect(locks.requested).toContain('outpost-store:tabs')
  })
})

/** A stand-in for navigator.locks: one FIFO queue per lock name, shared mode treated as exclusive. */
function fifoLocks(): LockManagerLike & { requested: string[] } {
  const tails = new Map<string, Promise<unknown>>()
  const requested: string[] = []
  return {
    requested,
    request<T>(name: string, _options: { mode: 'shared' | 'exclusive' }, callback: () => Promise<T>): Promise<T> {
      requested.push(name)
      const run = (tails.get(name) ?? Promise.resolve()).then(callback)
      tails.set(name, run.catch(() => undefined))
      return run
    },
  }
}
