import { copyFileSync, existsSync, openSync, readFileSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import type { LocalStore } from '@outpost/core'
import { gadgets, storeTestSchema } from '@outpost/core/testing'
import { sqliteStore, STORE_FORMAT_VERSION } from './index.ts'
import { tempDbDir } from './test-paths.ts'

const dir = tempDbDir()
afterAll(() => dir.remove())

async function filled(path: string, copies = 1): Promise<LocalStore> {
  const store = sqliteStore({ path })
  await store.open(storeTestSchema())
  await store.write(async (tx) => {
    for (let i = 0; i < copies; i++) for (const g of gadgets()) await tx.putDoc('Gadget', { ...g, name: `${String(g['name'])}-${i}`, title: 'x'.repeat(300) })
    await tx.putRecord('outbox', '0001', { kept: true })
  })
  return store
}

const code = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: { code?: string; message: string }) => `${e.code}: ${e.message}`)

describe('sqliteStore files', () => {
  it('refuses a file that is not SQLite with STORE_CORRUPT, and leaves it as it was', async () => {
    const path = dir.next()
    writeFileSync(path, 'this is not a database, just some text that is long enough to have a header'.repeat(20))
    const before = readFileSync(path)
    const store = sqliteStore({ path })
    expect(await code(store.read((tx) => tx.getRecord('state', 'x')))).toMatch(/^STORE_CORRUPT: .*not a SQLite database/)
    expect(await code(store.open(storeTestSchema()))).toMatch(/^STORE_CORRUPT/)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('refuses a SQLite file whose pages are damaged with STORE_CORRUPT', async () => {
    const path = dir.next()
    await (await filled(path, 50)).close()
    const size = statSync(path).size
    expect(size).toBeGreaterThan(8 * 4096)
    const fd = openSync(path, 'r+')
    writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096)
    closeSync(fd)
    const store = sqliteStore({ path })
    const outcome = await code((async () => {
      await store.open(storeTestSchema())
      return store.read((tx) => tx.queryDocs('Gadget', {}))
    })())
    expect(outcome).toMatch(/^STORE_CORRUPT: The local store .* is corrupted/)
  })

  it('refuses another program\'s SQLite database rather than adopting it', async () => {
    const path = dir.next()
    const other = new Database(path)
    other.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY)')
    other.close()
    expect(await code(sqliteStore({ path }).read((tx) => tx.listRecords('outbox')))).toMatch(/^STORE_CORRUPT: .*not an Outpost local store/)
  })

  it('records its format version, and refuses a file written by a newer version', async () => {
    const path = dir.next()
    await (await filled(path)).close()
    const raw = new Database(path)
    expect(raw.prepare("SELECT value FROM meta_format WHERE key = 'version'").pluck().get()).toBe(STORE_FORMAT_VERSION)
    raw.prepare("UPDATE meta_format SET value = ? WHERE key = 'version'").run(STORE_FORMAT_VERSION + 1)
    raw.close()
    const store = sqliteStore({ path })
    expect(await code(store.read((tx) => tx.getRecord('outbox', '0001')))).toMatch(/^STORE_CORRUPT: .*written by a newer version/)
    // the caller may choose to wipe it; then it starts empty
    await store.destroy()
    await store.open(storeTestSchema())
    expect(await store.read((tx) => tx.getRecord('outbox', '0001'))).toBeUndefined()
    await store.close()
  })

  it('keeps records before open, and refuses documents until open', async () => {
    const store = sqliteStore({ path: dir.next() })
    await store.write((tx) => tx.putRecord('meta', 'Gadget', { version: 1 }))
    expect(await store.read((tx) => tx.getRecord('meta', 'Gadget'))).toEqual({ version: 1 })
    expect(await code(store.read((tx) => tx.queryDocs('Gadget')))).toMatch(/^META_MISSING/)
    await store.close()
    expect(await code(store.read((tx) => tx.getRecord('meta', 'Gadget')))).toMatch(/^STORE_CLOSED/)
  })

  it('keeps every committed write when the process dies without closing', async () => {
    const path = dir.next()
    const store = await filled(path)
    await store.write((tx) => tx.putRecord('outbox', '0002', { last: true }))
    // what a killed process leaves on disk: the database and its WAL, uncheckpointed
    const crashed = dir.next()
    copyFileSync(path, crashed)
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0)
    copyFileSync(`${path}-wal`, `${crashed}-wal`)
    const after = sqliteStore({ path: crashed })
    await after.open(storeTestSchema())
    expect(await after.read((tx) => tx.getRecord('outbox', '0002'))).toEqual({ last: true })
    expect(await after.read((tx) => tx.countDocs('Gadget'))).toBe(6)
    await after.close()
    await store.close()
  })

  it('deletes the file and its WAL on destroy', async () => {
    const path = dir.next()
    const store = await filled(path)
    expect(existsSync(path)).toBe(true)
    await store.destroy()
    expect([path, `${path}-wal`, `${path}-shm`].filter((p) => existsSync(p))).toEqual([])
    expect(await code(store.read((tx) => tx.listRecords('outbox')))).toMatch(/^STORE_CLOSED/)
    const again = sqliteStore({ path })
    expect(await again.read((tx) => tx.listRecords('outbox'))).toEqual([])
    await again.close()
  })

  it('does not let a transaction handle be used after it ended', async () => {
    const store = await filled(dir.next())
    let leaked: Parameters<Parameters<LocalStore['write']>[0]>[0] | undefined
    await store.write(async (tx) => { leaked = tx })
    await expect(leaked!.putRecord('state', 'late', 1)).rejects.toThrow('after it ended')
    await store.close()
  })
})
