import { IDBFactory, IDBIndex, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb'
import { storeTestSchema, gadgets } from '@outpost/core/testing'
import { indexedDbStore, type IndexedDbStore, type IndexedDbStoreOptions } from './index.ts'

/** Test helpers: stores on a private fake-indexeddb, and fault injection into its object stores. */
export interface TestDb {
  readonly indexedDB: InstanceType<typeof IDBFactory>
  store(name: string, extra?: Partial<IndexedDbStoreOptions>): IndexedDbStore
  /** A store opened on the gadget schema and holding the six gadgets. */
  gadgetStore(name: string, extra?: Partial<IndexedDbStoreOptions>): Promise<IndexedDbStore>
}

export function testDb(): TestDb {
  const indexedDB = new IDBFactory()
  const store = (name: string, extra: Partial<IndexedDbStoreOptions> = {}) => indexedDbStore({ name, indexedDB, IDBKeyRange, ...extra })
  return {
    indexedDB,
    store,
    async gadgetStore(name, extra = {}) {
      const s = store(name, extra)
      await s.open(storeTestSchema())
      await s.write(async (tx) => { for (const g of gadgets()) await tx.putDoc('Gadget', g) })
      return s
    },
  }
}

type Put = (this: unknown, ...args: unknown[]) => unknown

/**
 * Make the `nth` IDBObjectStore.put from now on throw `error` (as a browser's put throws when
 * the origin is out of quota); returns the undo.
 */
export function failPut(nth: number, error: Error): () => void {
  const proto = IDBObjectStore.prototype as unknown as { put: Put }
  const original = proto.put
  let calls = 0
  proto.put = function (this: unknown, ...args: unknown[]) {
    if (++calls === nth) throw error
    return original.apply(this, args)
  }
  return () => {
    proto.put = original
  }
}

/**
 * Make the `nth` IDBObjectStore.put from now on succeed, then have its transaction aborted
 * with QuotaExceededError, as a browser aborts a commit that does not fit; returns the undo.
 */
export function abortOnPut(nth: number): () => void {
  const proto = IDBObjectStore.prototype as unknown as { put: Put }
  const original = proto.put
  let calls = 0
  proto.put = function (this: unknown, ...args: unknown[]) {
    const request = original.apply(this, args)
    if (++calls === nth) {
      // fake-indexeddb's internal abort: what a real engine does when the commit hits the quota
      const tx = (this as { transaction: { _abort(name: string): void } }).transaction
      setTimeout(() => tx._abort('QuotaExceededError'))
    }
    return request
  }
  return () => {
    proto.put = original
  }
}

export function quotaExceeded(): Error {
  const e = new Error('The quota has been exceeded.')
  e.name = 'QuotaExceededError'
  return e
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Counts round trips from now: a request issued after some request's answer arrived starts a
 * new one, so requests issued together count once. Answers the count so far and the undo.
 */
export function countRoundTrips(): { roundTrips(): number; restore(): void } {
  let trips = 0
  let answered = true
  const restores: (() => void)[] = []
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as unknown as Record<string, Put>[]) {
    for (const name of ['get', 'getKey', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor']) {
      const original = proto[name]
      if (!original) continue
      proto[name] = function (this: unknown, ...args: unknown[]) {
        if (answered) trips++
        answered = false
        const request = original.apply(this, args) as EventTarget
        request.addEventListener('success', () => { answered = true })
        return request
      }
      restores.push(() => { proto[name] = original })
    }
  }
  return { roundTrips: () => trips, restore: () => { for (const r of restores) r() } }
}
