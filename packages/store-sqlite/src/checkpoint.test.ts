import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { gadgets, storeTestSchema } from '@outpost/core/testing'
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
})
