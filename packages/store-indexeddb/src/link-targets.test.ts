import { IDBObjectStore } from 'fake-indexeddb'
import { storeTestSchema } from '@outpost/core/testing'
import { afterEach, describe, expect, it } from 'vitest'
import { LINK_TARGETS_KEPT, LinkTargets } from './link-targets.ts'
import { testDb } from './test-stores.ts'

type Get = (this: { name: string }, ...args: unknown[]) => unknown

/** Count IDBObjectStore.get calls on the `docs` store from now on. */
function countDocGets(): { readonly count: number; undo(): void } {
  const proto = IDBObjectStore.prototype as unknown as { get: Get }
  const original = proto.get
  const counter = { count: 0, undo: () => void (proto.get = original) }
  proto.get = function (this: { name: string }, ...args: unknown[]) {
    if (this.name === 'docs') counter.count++
    return original.apply(this, args)
  }
  return counter
}

let undo: (() => void) | undefined
afterEach(() => {
  undo?.()
  undo = undefined
})

describe('link targets kept between calls', () => {
  it('answers as getDoc does: the stored spelling and docstatus, nothing for an absent or unlisted document', async () => {
    const store = await testDb().gadgetStore('lt-answers')
    await store.write(async (tx) => {
      expect(await tx.linkTarget!('Gadget', 'g-1')).toEqual({ name: 'G-1', docstatus: 0 })
      expect(await tx.linkTarget!('Gadget', 'G-404')).toBeUndefined()
      expect(await tx.linkTarget!('Nope', 'G-1')).toBeUndefined()
    })
    expect(await store.read((tx) => tx.linkTarget!('Gadget', 'G-2'))).toEqual({ name: 'G-2', docstatus: 0 })
  })

  it('reads no document again while nothing was written, and reads anew what a write of this tab touched', async () => {
    const store = await testDb().gadgetStore('lt-own')
    await store.write(async (tx) => void (await tx.linkTarget!('Gadget', 'G-1')))
    const gets = countDocGets()
    undo = gets.undo
    await store.write(async (tx) => void (await tx.linkTarget!('Gadget', 'G-1')))
    expect(gets.count).toBe(0)
    // a write of records only leaves documents as they were
    await store.write(async (tx) => tx.putRecord('state', 'x', 1))
    await store.write(async (tx) => void (await tx.linkTarget!('Gadget', 'G-1')))
    expect(gets.count).toBe(0)
    await store.write(async (tx) => tx.putDoc('Gadget', { doctype: 'Gadget', name: 'G-1', docstatus: 2, parts: [] }))
    expect(await store.write((tx) => tx.linkTarget!('Gadget', 'G-1'))).toEqual({ name: 'G-1', docstatus: 2 })
    await store.write(async (tx) => tx.deleteDoc('Gadget', 'G-1'))
    expect(await store.write((tx) => tx.linkTarget!('Gadget', 'G-1'))).toBeUndefined()
  })

  it("sees another tab's writes: a document deleted or cancelled there is not answered from memory here", async () => {
    const db = testDb()
    const tabA = await db.gadgetStore('lt-tabs')
    const tabB = db.store('lt-tabs')
    await tabB.open(storeTestSchema())
    expect(await tabB.write((tx) => tx.linkTarget!('Gadget', 'G-3'))).toEqual({ name: 'G-3', docstatus: 0 })
    expect(await tabB.write((tx) => tx.linkTarget!('Gadget', 'G-5'))).toEqual({ name: 'G-5', docstatus: 0 })
    await tabA.write(async (tx) => {
      await tx.deleteDoc('Gadget', 'G-3')
      await tx.putDoc('Gadget', { doctype: 'Gadget', name: 'G-5', docstatus: 2, parts: [] })
    })
    expect(await tabB.write((tx) => tx.linkTarget!('Gadget', 'G-3'))).toBeUndefined()
    expect(await tabB.read((tx) => tx.linkTarget!('Gadget', 'G-5'))).toEqual({ name: 'G-5', docstatus: 2 })
  })

  it('answers from what the write itself changed before it commits', async () => {
    const store = await testDb().gadgetStore('lt-buffer')
    await store.write(async (tx) => {
      await tx.putDoc('Gadget', { doctype: 'Gadget', name: 'G-9', docstatus: 1, parts: [] })
      await tx.deleteDoc('Gadget', 'G-2')
      expect(await tx.linkTarget!('Gadget', 'g-9')).toEqual({ name: 'G-9', docstatus: 1 })
      expect(await tx.linkTarget!('Gadget', 'G-2')).toBeUndefined()
    })
  })

  it('keeps a bounded number of answers, dropping the least recently used', () => {
    const kept = new LinkTargets()
    kept.at('one')
    for (let i = 0; i <= LINK_TARGETS_KEPT; i++) {
      kept.keep('Gadget', `g-${i}`, { name: `G-${i}`, docstatus: 0 })
      // g-0 stays in use, so it is never the least recent
      kept.get('Gadget', 'g-0')
    }
    expect(kept.get('Gadget', 'g-0')).toEqual({ name: 'G-0', docstatus: 0 })
    expect(kept.get('Gadget', 'g-1')).toBeUndefined()
    expect(kept.get('Gadget', `g-${LINK_TARGETS_KEPT}`)).toEqual({ name: `G-${LINK_TARGETS_KEPT}`, docstatus: 0 })
    // another generation: nothing kept holds
    kept.at('two')
    expect(kept.get('Gadget', 'g-0')).toBeUndefined()
  })
})
