import { afterEach, describe, expect, it } from 'vitest'
import { countRoundTrips, testDb } from './test-stores.ts'

let undo: (() => void) | undefined
afterEach(() => undo?.())

describe('IndexedDB store: a save waits on as few round trips as its reads allow', () => {
  it('reads the write generation beside its first reads, so a link check after reading a document costs one more round trip, not two', async () => {
    const store = await testDb().gadgetStore('round-trips')
    const counter = countRoundTrips()
    undo = counter.restore
    await store.write(async (tx) => {
      const [doc] = await Promise.all([tx.getDoc('Gadget', 'G-1'), tx.getRecord('state', 'some-state')])
      // what link validation asks of the target a document names: not kept yet, so read
      expect(await tx.linkTarget!('Gadget', 'G-2')).toMatchObject({ name: 'G-2' })
      await tx.putDoc('Gadget', { ...doc, title: 'Renamed' })
    })
    // the document and record, then the link target; the flush's puts need no answer
    expect(counter.roundTrips()).toBe(2)
    expect(await store.read((tx) => tx.getDoc('Gadget', 'G-1'))).toMatchObject({ title: 'Renamed' })
  })
})
