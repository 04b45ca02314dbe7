import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSqlite } from './sqlite-db.ts'

const dir = mkdtempSync(join(tmpdir(), 'outpost-server-wal-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const walBytes = (path: string): number => {
  try {
    return statSync(`${path}-wal`).size
  } catch {
    return 0
  }
}

describe('server WAL checkpoints', () => {
  it('copy a WAL past the cap beside the writes, bounded, losing nothing', async () => {
    const path = join(dir, 'burst.db')
    const cap = 256 * 1024
    const db = openSqlite({ path, walCapBytes: cap })
    await db.exec('CREATE TABLE "t" ("id" INTEGER PRIMARY KEY, "v" TEXT)')
    const long = 'x'.repeat(3000)
    let peak = 0
    let restarts = 0
    for (let i = 0; i < 2000; i++) {
      await db.transaction(async (tx) => {
        await tx.run('INSERT INTO "t" ("id", "v") VALUES (?, ?)', [i, long])
      })
      const size = walBytes(path)
      if (size < peak / 2) restarts++
      peak = Math.max(peak, size)
      // requests end now and then: the worker's answer is heard between them
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 1))
    }
    // Without checkpoints the WAL would hold every page written (about 24 MB here); with them it
    // restarts from its beginning again and again while the writes go on.
    expect(restarts).toBeGreaterThan(0)
    expect(peak).toBeLessThan(12 * 1024 * 1024)
    await db.close()
    expect(walBytes(path)).toBe(0)
    const again = openSqlite({ path })
    expect(await again.transaction((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM "t"'), { readOnly: true })).toEqual({ n: 2000 })
    await again.close()
  })

  it('closes an in-memory database without a worker', async () => {
    const db = openSqlite({ path: ':memory:', walCapBytes: 1 })
    await db.exec('CREATE TABLE "t" ("id" INTEGER PRIMARY KEY)')
    for (let i = 0; i < 20; i++) await db.transaction((tx) => tx.run('INSERT INTO "t" ("id") VALUES (?)', [i]))
    await db.close()
  })
})
