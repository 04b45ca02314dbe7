import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { gadgets, storeTestSchema } from '@outpost/core/testing'
import { OutpostError } from '@outpost/core'
import { sqliteStore } from './sqlite-store.ts'

const dir = mkdtempSync(join(tmpdir(), 'outpost-checkpoint-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const walBytes = (path: string): number => {
  try {
    return statSync(`${path}-wal`).size
  } catch {
    return 0
  }
}

describe('WAL checkpoints', () => {
  it('leave the save path: the WAL grows during a burst and empties once writes go quiet', async () => {
    const path = join(dir, 'idle.db')
    const store = sqliteStore({ path })
    await store.open(storeTestSchema())
    for (let i = 0; i < 50; i++) await store.write((tx) => tx.putDoc('Gadget', { ...gadgets()[0], name: `G-${i}` }))
    expect(walBytes(path)).toBeGreaterThan(0)
    await new Promise((r) => setTimeout(r, 600))
    expect(walBytes(path)).toBe(0)
    expect(await store.read((tx) => tx.countDocs('Gadget'))).toBe(50)
    await store.close()
  })

  it('copy a large WAL by the worker when writes go quiet, then empty it, losing nothing', async () => {
    const path = join(dir, 'quiet-large.db')
    const store = sqliteStore({ path })
    await store.open(storeTestSchema())
    const long = 'x'.repeat(4000)
    await store.write(async (tx) => {
      for (let i = 0; i < 3000; i++) await tx.putDoc('Gadget', { ...gadgets()[0], name: `G-${i}`, title: long })
    })
    expect(walBytes(path)).toBeGreaterThan(4 * 1024 * 1024)
    for (let waited = 0; waited < 5000 && walBytes(path) > 0; waited += 50) await new Promise((r) => setTimeout(r, 50))
    expect(walBytes(path)).toBe(0)
    // writes after the quiet copy go on as usual
    await store.write((tx) => tx.putDoc('Gadget', { ...gadgets()[0], name: 'G-after' }))
    expect(await store.read((tx) => tx.countDocs('Gadget'))).toBe(3001)
    await store.close()
    const again = sqliteStore({ path })
    await again.open(storeTestSchema())
    expect(await again.read((tx) => tx.countDocs('Gadget'))).toBe(3001)
    await again.close()
  })

  it('empty the WAL on close, and nothing committed is lost', async () => {
    const path = join(dir, 'close.db')
    const store = sqliteStore({ path })
    await store.open(storeTestSchema())
    await store.write((tx) => tx.putDoc('Gadget', gadgets()[0]!))
    await store.close()
    expect(walBytes(path)).toBe(0)
    const again = sqliteStore({ path })
    await again.open(storeTestSchema())
    expect(await again.read((tx) => tx.getDoc('Gadget', 'G-1'))).toEqual(gadgets()[0])
    await again.close()
  })

  it('copy a WAL past the cap in the background while a burst goes on, losing nothing', async () => {
    const path = join(dir, 'burst.db')
    const cap = 128 * 1024
    const store = sqliteStore({ path, walCapBytes: cap })
    await store.open(storeTestSchema())
    const long = 'x'.repeat(2000)
    let peak = 0
    for (let i = 0; i < 1500; i++) {
      await store.write((tx) => tx.putDoc('Gadget', { ...gadgets()[0], name: `G-${i}`, title: long }))
      peak = Math.max(peak, walBytes(path))
      // short breaks, never the 250 ms quiet spell, let the worker's copies finish
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 30))
    }
    // without copies the WAL would hold every page written: about 50 MB here (a loaded machine
    // lets the worker fall behind for a while, so the bound is loose)
    expect(peak).toBeLessThan(160 * cap)
    await store.close()
    expect(walBytes(path)).toBe(0)
    const again = sqliteStore({ path })
    await again.open(storeTestSchema())
    expect(await again.read((tx) => tx.countDocs('Gadget'))).toBe(1500)
    await again.close()
  })

  it('refuse a cap that is not a positive number of bytes', () => {
    for (const walCapBytes of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1' as unknown as number]) {
      let error: unknown
      try {
        sqliteStore({ path: join(dir, 'bad.db'), walCapBytes })
      } catch (e) {
        error = e
      }
      expect(error instanceof OutpostError && error.code).toBe('INVALID_ARGUMENT')
    }
  })
})
