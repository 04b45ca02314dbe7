import { afterEach, describe, expect, it } from 'vitest'
import { gadgets, storeTestSchema } from '@outpost/core/testing'
import { OutpostError, type StoreWriter } from '@outpost/core'
import { indexedDbStore, isStoreFull, STORE_FULL } from './index.ts'
import { freshBucketIndexedDb, incompressibleText, overrideQuota, storageUsage } from './test-browser.ts'

afterEach(() => overrideQuota(undefined))

const title = (doc: Record<string, unknown> | undefined): unknown => doc?.['title']

describe('IndexedDB store in Chromium: an origin out of quota', () => {
  it('fails a write that does not fit with STORE_FULL, keeps none of it, and goes on once there is room', async () => {
    // Chromium itself refuses the commit: the origin may store 1 MiB more than it holds now
    await overrideQuota((await storageUsage()) + 1024 * 1024)
    const store = indexedDbStore({ name: 'chromium-full', indexedDB: await freshBucketIndexedDb('outpost-full') })
    await store.open(storeTestSchema())
    await store.write(async (tx) => { for (const g of gadgets()) await tx.putDoc('Gadget', g) })
    await store.write((tx) => tx.putRecord('state', 'small', { fits: true }))

    const big = async (tx: StoreWriter): Promise<void> => {
      await tx.putDoc('Gadget', { ...gadgets()[0], title: 'Changed' })
      await tx.deleteDoc('Gadget', 'G-2')
      for (let i = 0; i < 8; i++) await tx.putRecord('outbox', `000${i}`, { payload: incompressibleText(512 * 1024) })
    }
    const error = await store.write(big).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(OutpostError)
    expect((error as OutpostError).code).toBe(STORE_FULL)
    expect(isStoreFull(error)).toBe(true)
    expect((error as Error).message).toMatch(/quota/)

    expect(await store.read((tx) => tx.countDocs('Gadget'))).toBe(gadgets().length)
    expect(title(await store.read((tx) => tx.getDoc('Gadget', 'G-1')))).toBe('Hammer')
    expect(await store.read((tx) => tx.getDoc('Gadget', 'G-2'))).toBeDefined()
    expect(await store.read((tx) => tx.countRecords('outbox'))).toBe(0)
    expect(await store.read((tx) => tx.getRecord('state', 'small'))).toEqual({ fits: true })

    await overrideQuota(undefined)
    await store.write(big)
    expect(await store.read((tx) => tx.countRecords('outbox'))).toBe(8)
    expect(title(await store.read((tx) => tx.getDoc('Gadget', 'G-1')))).toBe('Changed')
    await store.destroy()
  })
})
