import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openSqlite } from './sqlite-db.ts'
import type { SqlDb } from './sql-db.ts'

let db: SqlDb

beforeAll(async () => {
  db = openSqlite({ path: ':memory:' })
  await db.exec(`CREATE TABLE "t" ("name" TEXT PRIMARY KEY COLLATE NOCASE, "n" INTEGER NOT NULL DEFAULT 0, "f" REAL)`)
})

afterAll(async () => {
  await db.close()
})

describe('the SQLite SqlDb', () => {
  it('reads rows as arrays in column order, the same rows `all` reads', async () => {
    await db.transaction(async (tx) => {
      await tx.run(`INSERT INTO "t" ("name", "n", "f") VALUES (?, ?, ?)`, ['Beta', 2, null])
      await tx.run(`INSERT INTO "t" ("name", "n", "f") VALUES (?, ?, ?)`, ['Alpha', 1, 1.5])
    })
    const sql = `SELECT "name", "n", "f" FROM "t" WHERE "n" > ? ORDER BY "name"`
    const [read, objects] = await db.transaction(async (tx) => [await tx.values(sql, [0]), await tx.all(sql, [0])] as const, { readOnly: true })
    expect(read).toEqual({ columns: ['name', 'n', 'f'], rows: [['Alpha', 1, 1.5], ['Beta', 2, null]] })
    expect(read.rows.map((r) => Object.fromEntries(read.columns.map((c, i) => [c, r[i]])))).toEqual(objects)
  })

  it('keeps the same statement usable both ways, after a schema change too', async () => {
    const sql = `SELECT * FROM "t" WHERE "name" = ?`
    await db.transaction(async (tx) => {
      expect((await tx.values(sql, ['alpha'])).rows).toEqual([['Alpha', 1, 1.5]])
      expect(await tx.get(sql, ['alpha'])).toEqual({ name: 'Alpha', n: 1, f: 1.5 })
    }, { readOnly: true })
    await db.exec(`ALTER TABLE "t" ADD COLUMN "g" TEXT`)
    const read = await db.transaction((tx) => tx.values(sql, ['alpha']), { readOnly: true })
    expect(read).toEqual({ columns: ['name', 'n', 'f', 'g'], rows: [['Alpha', 1, 1.5, null]] })
  })
})
