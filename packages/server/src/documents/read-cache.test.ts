import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import type { SqlDb, SqlTx } from '../db/sql-db.ts'
import { openSqlite } from '../db/sqlite-db.ts'
import { ensureDocTypeTables } from '../storage/ddl.ts'
import { ensureSystemTables } from '../storage/system-tables.ts'
import { widgetDocTypes } from '../testing/widget-schema.ts'
import { Schema } from '@outpost/meta'
import { findDoc } from './doc-repo.ts'
import { cachingTx, ReadCache } from './read-cache.ts'

const schema = new Schema(widgetDocTypes())
let db: SqlDb
beforeAll(async () => {
  db = openSqlite({ path: ':memory:' })
  await ensureSystemTables(db)
  await ensureDocTypeTables(db, schema)
})
afterAll(() => db.close())

const ROLLBACK = new Error('rollback')

/** `fn` in a transaction that is rolled back afterwards; a failed expectation still fails the test. */
async function rolledBack(fn: (tx: SqlTx) => Promise<void>): Promise<void> {
  await db.transaction(async (tx) => {
    await fn(tx)
    throw ROLLBACK
  }).catch((e: unknown) => {
    if (e !== ROLLBACK) throw e
  })
}

const refusedOnly = (e: unknown): void => {
  if (!(e instanceof Error) || e.message !== 'refused') throw e
}

/** A cached Link lookup of Customer `name`, counting the reads that reach the database. */
function lookups(cache: ReadCache, tx: SqlTx): { resolve: (name: string) => Promise<unknown>; reads: () => number } {
  let reads = 0
  const customer = schema.get('Customer')!
  return {
    resolve: (name) => cache.link('Customer', name, () => {
      reads++
      return findDoc(tx, customer, name)
    }),
    reads: () => reads,
  }
}

describe('ReadCache', () => {
  it('answers a repeated Link lookup from the cache, matching names as NOCASE does', async () => {
    await rolledBack(async (raw) => {
      const cache = new ReadCache(schema)
      const tx = cachingTx(raw, cache)
      await tx.run(`INSERT INTO "tabCustomer" ("name") VALUES ('Acme')`)
      const l = lookups(cache, tx)
      expect(await l.resolve('Acme')).toEqual({ name: 'Acme', docstatus: 0 })
      expect(await l.resolve('ACME')).toEqual({ name: 'Acme', docstatus: 0 })
      expect(l.reads()).toBe(1)
      await tx.run(`UPDATE "tabWidget" SET "title" = 'x'`)
      await l.resolve('acme')
      expect(l.reads()).toBe(1)
    })
  })

  it('forgets a table\'s entries when a statement writes to it: a missing target that appears is found', async () => {
    await rolledBack(async (raw) => {
      const cache = new ReadCache(schema)
      const tx = cachingTx(raw, cache)
      const l = lookups(cache, tx)
      expect(await l.resolve('Bolt')).toBeUndefined()
      await tx.run(`INSERT INTO "tabCustomer" ("name", "docstatus") VALUES ('Bolt', 0)`)
      expect(await l.resolve('Bolt')).toEqual({ name: 'Bolt', docstatus: 0 })
      await tx.run(`UPDATE "tabCustomer" SET "docstatus" = 2 WHERE "name" = 'Bolt'`)
      expect(await l.resolve('Bolt')).toEqual({ name: 'Bolt', docstatus: 2 })
      await tx.run(`DELETE FROM "tabCustomer" WHERE "name" = 'Bolt'`)
      expect(await l.resolve('Bolt')).toBeUndefined()
      expect(await l.resolve('Returned')).toBeUndefined()
      await tx.get(`INSERT INTO "tabCustomer" ("name") VALUES ('Returned') RETURNING "name"`)
      expect(await l.resolve('Returned')).toEqual({ name: 'Returned', docstatus: 0 })
      expect(l.reads()).toBe(6)
    })
  })

  it('forgets everything when a savepoint rolls back, and a write to a child table forgets its parent', async () => {
    await rolledBack(async (raw) => {
      const cache = new ReadCache(schema)
      const tx = cachingTx(raw, cache)
      const l = lookups(cache, tx)
      await tx.savepoint(async () => {
        await tx.run(`INSERT INTO "tabCustomer" ("name") VALUES ('Ghost')`)
        expect(await l.resolve('Ghost')).toBeDefined()
        throw new Error('refused')
      }).catch(refusedOnly)
      expect(await l.resolve('Ghost')).toBeUndefined()
      let widgetReads = 0
      const read = (): Promise<Doc[]> => cache.read('Widget', 'all', async () => {
        widgetReads++
        return [{ name: 'W' }]
      })
      await read()
      await tx.run(`INSERT INTO "tabWidget Row" ("name", "parent") VALUES ('r1', 'W')`)
      await read()
      expect(widgetReads).toBe(2)
    })
  })

  it('hands each caller its own copy of a cached document', async () => {
    const cache = new ReadCache(schema)
    const first = await cache.read('Customer', 'doc', async () => ({ name: 'Acme', rows: [{ qty: 1 }] }) as Doc)
    ;(first['rows'] as Doc[])[0]!['qty'] = 99
    const second = await cache.read('Customer', 'doc', async () => ({}) as Doc)
    expect(second).toEqual({ name: 'Acme', rows: [{ qty: 1 }] })
  })
})

describe('SqlTx.savepoint', () => {
  it('keeps what a savepoint wrote when it resolves, undoes it and its after-commit callbacks when it throws', async () => {
    const done: string[] = []
    await db.transaction(async (tx) => {
      await tx.savepoint(async () => {
        await tx.run(`INSERT INTO "tabCustomer" ("name") VALUES ('Kept')`)
        tx.afterCommit(() => done.push('kept'))
      })
      await tx.savepoint(async () => {
        await tx.run(`INSERT INTO "tabCustomer" ("name") VALUES ('Undone')`)
        tx.afterCommit(() => done.push('undone'))
        await tx.savepoint(async () => tx.run(`INSERT INTO "tabCustomer" ("name") VALUES ('Inner')`))
        throw new Error('refused')
      }).catch(refusedOnly)
    })
    const names = await db.transaction((tx) => tx.all<{ name: string }>(`SELECT "name" FROM "tabCustomer" ORDER BY "name"`), { readOnly: true })
    expect(names.map((r) => r.name)).toEqual(['Kept'])
    expect(done).toEqual(['kept'])
  })
})
