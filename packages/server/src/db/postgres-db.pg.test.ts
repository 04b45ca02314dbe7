import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { FrappeError } from '@outpost/meta'
import { OutpostError } from '@outpost/core'
import { createTestDatabase } from '../../test/postgres-cluster.ts'
import { openSite } from '../site.ts'
import { openPostgres } from './postgres-db.ts'
import type { SqlDb } from './sql-db.ts'

let url: string
let db: SqlDb

beforeAll(async () => {
  url = await createTestDatabase(inject('postgresUrl'))
  db = await openPostgres({ url })
  await db.exec(`CREATE TABLE IF NOT EXISTS "t" ("name" TEXT PRIMARY KEY COLLATE NOCASE, "n" INTEGER NOT NULL DEFAULT 0, "f" REAL)`)
})

afterAll(async () => {
  await db.close()
})

const names = (): Promise<string[]> =>
  db.transaction(async (tx) => (await tx.all<{ name: string }>(`SELECT "name" FROM "t" ORDER BY "name"`)).map((r) => r.name), { readOnly: true })

describe('the PostgreSQL SqlDb', () => {
  it('compares, matches and keeps names unique without regard to case, as MariaDB', async () => {
    await db.transaction((tx) => tx.run(`INSERT INTO "t" ("name", "n", "f") VALUES (?, ?, ?)`, ['Alpha', 2, 1.5]))
    const row = await db.transaction((tx) => tx.get(`SELECT "name", "n", "f", count(*) OVER () AS "c", "n" > 1 AS "big" FROM "t" WHERE "name" = ?`, ['ALPHA']), { readOnly: true })
    expect(row).toEqual({ name: 'Alpha', n: 2, f: 1.5, c: 1, big: 1 })
    const liked = await db.transaction((tx) => tx.all(`SELECT "name" FROM "t" WHERE "name" LIKE ?`, ['al%']), { readOnly: true })
    expect(liked).toHaveLength(1)
    await expect(db.transaction((tx) => tx.run(`INSERT INTO "t" ("name") VALUES (?)`, ['alpha']))).rejects.toMatchObject({ code: '23505' })
  })

  it('reads rows as arrays in column order, typed as `all` reads them', async () => {
    await db.transaction((tx) => tx.run(`INSERT INTO "t" ("name", "n", "f") VALUES (?, ?, ?)`, ['Arrays', 7, null]))
    const read = await db.transaction((tx) => tx.values(`SELECT "name", "n", "f" FROM "t" WHERE "name" = ?`, ['arrays']), { readOnly: true })
    expect(read).toEqual({ columns: ['name', 'n', 'f'], rows: [['Arrays', 7, null]] })
  })

  it('undoes a savepoint’s writes and after-commit callbacks, and keeps the rest', async () => {
    const heard: string[] = []
    await db.transaction(async (tx) => {
      await tx.run(`INSERT INTO "t" ("name") VALUES (?)`, ['Kept'])
      tx.afterCommit(() => heard.push('kept'))
      await expect(tx.savepoint(async () => {
        tx.afterCommit(() => heard.push('undone'))
        await tx.run(`INSERT INTO "t" ("name") VALUES (?)`, ['Undone'])
        await tx.run(`INSERT INTO "t" ("name") VALUES (?)`, ['kept']) // duplicate: the savepoint fails
      })).rejects.toMatchObject({ code: '23505' })
    }, {})
    expect(heard).toEqual(['kept'])
    expect(await names()).toContain('Kept')
    expect(await names()).not.toContain('Undone')
  })

  it('never commits a transaction whose failed statement no savepoint undid', async () => {
    const outcome = db.transaction(async (tx) => {
      await tx.run(`INSERT INTO "t" ("name") VALUES (?)`, ['Spoiled'])
      await tx.run(`INSERT INTO "t" ("nope") VALUES (?)`, ['x']).catch(() => undefined) // caught, yet the transaction is spoiled
      return 'looks fine'
    })
    await expect(outcome).rejects.toMatchObject({ code: '42703' })
    expect(await names()).not.toContain('Spoiled')
  })

  it('refuses to write text with NUL, and finds nothing when asked for it', async () => {
    await expect(db.transaction((tx) => tx.run(`INSERT INTO "t" ("name") VALUES (?)`, ['a\0b']))).rejects.toBeInstanceOf(FrappeError)
    expect(await db.transaction((tx) => tx.get(`SELECT "name" FROM "t" WHERE "name" = ?`, ['Alpha\0']), { readOnly: true })).toBeUndefined()
  })

  it('gives concurrent counter bumps distinct consecutive values, with writers side by side', async () => {
    const side = await openPostgres({ url, serialWrites: false, maxWriters: 8 })
    try {
      await side.exec(`CREATE TABLE IF NOT EXISTS "c" ("name" TEXT PRIMARY KEY, "current" INTEGER NOT NULL DEFAULT 0)`)
      const bump = (): Promise<number> => side.transaction(async (tx) => {
        const row = await tx.get<{ current: number }>(`INSERT INTO "c" ("name", "current") VALUES (?, 1) ON CONFLICT ("name") DO UPDATE SET "current" = "c"."current" + 1 RETURNING "current"`, ['S'])
        return Number(row?.current)
      })
      const values = (await Promise.all(Array.from({ length: 24 }, bump))).sort((a, b) => a - b)
      expect(values).toEqual(Array.from({ length: 24 }, (_, i) => i + 1))
    } finally {
      await side.close()
    }
  })

  it('carries messages between two processes’ databases (LISTEN/NOTIFY)', async () => {
    const other = await openPostgres({ url })
    try {
      const heard = new Promise<string>((resolve) => {
        void other.bus?.subscribe('outpost_test', resolve)
      })
      await new Promise((r) => setTimeout(r, 100))
      await db.bus?.publish('outpost_test', 'hello')
      expect(await heard).toBe('hello')
    } finally {
      await other.close()
    }
  })

  it('says clearly when the database cannot be reached, without the password', async () => {
    const e = await openPostgres({ url: 'postgres://someone:hunter2@127.0.0.1:1/nowhere' }).catch((err: unknown) => err)
    expect(e).toBeInstanceOf(OutpostError)
    expect((e as OutpostError).code).toBe('REMOTE')
    expect((e as OutpostError).retryable).toBe(true)
    expect((e as OutpostError).message).not.toContain('hunter2')
  })

  it('refuses a site with both a file and a PostgreSQL address, or a non-PostgreSQL address', async () => {
    await expect(openSite({ dbPath: ':memory:', dbUrl: url, doctypes: [] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(openSite({ dbUrl: 'mysql://x', doctypes: [] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })
})
