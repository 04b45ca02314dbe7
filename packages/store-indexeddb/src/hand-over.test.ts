import { afterEach, describe, expect, it, vi } from 'vitest'
import { testDb } from './test-stores.ts'

afterEach(() => vi.restoreAllMocks())

const gadget = { doctype: 'Gadget', name: 'G-9', title: 'Anvil', modified: '2026-01-09 10:00:00.000000', docstatus: 0, parts: [{ name: 'p9', idx: 1, part: 'Horn', qty: 1 }] }

describe('IndexedDB store: a document handed over is kept without a copy', () => {
  it('copies a put document (the caller may change it), and keeps a handed-over one as it is until the write ends', async () => {
    const store = await testDb().gadgetStore('hand-over')
    const clones = vi.spyOn(globalThis, 'structuredClone')
    await store.write(async (tx) => {
      const kept = structuredClone(gadget)
      const copied = { ...structuredClone(gadget), name: 'G-10' }
      clones.mockClear()
      await tx.putDoc('Gadget', kept, { handOver: true })
      expect(clones).not.toHaveBeenCalled()
      await tx.putDoc('Gadget', copied)
      expect(clones).toHaveBeenCalledTimes(1)
      // the caller's later change does not reach the store
      copied['title'] = 'changed after the put'
    })
    expect(await store.read((tx) => tx.getDoc('Gadget', 'G-9'))).toEqual(gadget)
    expect(await store.read((tx) => tx.getDoc('Gadget', 'G-10'))).toMatchObject({ title: 'Anvil' })
  })
})
