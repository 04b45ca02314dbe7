import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { Schema } from '@outpost/meta'
import { buildDocType } from '@outpost/meta/testing'
import { createTestDatabase } from '../../test/postgres-cluster.ts'
import { openPostgres } from '../db/postgres-db.ts'
import { shortIdent } from '../db/postgres-dialect.ts'
import type { SqlDb } from '../db/sql-db.ts'
import { ensureDocTypeTables } from './ddl.ts'

let db: SqlDb

beforeAll(async () => {
  db = await openPostgres({ url: await createTestDatabase(inject('postgresUrl')) })
})
afterAll(() => db.close())

const indexes = async (table: string): Promise<string[]> =>
  (await db.transaction((tx) => tx.all<{ name: string }>(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?`, [table]), { readOnly: true }))
    .map((r) => r.name).sort()

describe('ensureDocTypeTables on PostgreSQL', () => {
  // A child table whose index names pass PostgreSQL's 63 bytes, so they are kept shortened.
  const child = 'Very Long Child Table Name For Index Shortening'
  const parent = buildDocType('Gizmo', [{ fieldname: 'parts', fieldtype: 'Table', options: child }])
  const line = buildDocType(child, [{ fieldname: 'maker_of_this_particular_part', fieldtype: 'Link', options: 'Gizmo' }], { istable: 1 })

  it('drops the child-table indexes an older server made, also under shortened names, and keeps the rows', async () => {
    const table = `tab${child}`
    await db.exec(`CREATE TABLE "${table}" ("name" TEXT PRIMARY KEY COLLATE NOCASE, "parent" TEXT COLLATE NOCASE, "modified" TEXT, "maker_of_this_particular_part" TEXT COLLATE NOCASE)`)
    for (const c of ['modified', 'maker_of_this_particular_part', 'parent']) await db.exec(`CREATE INDEX IF NOT EXISTS "${table}__${c}" ON "${table}" ("${c}")`)
    await db.transaction((tx) => tx.run(`INSERT INTO "${table}" ("name", "parent", "maker_of_this_particular_part") VALUES ('P-1', 'G-1', 'G-2')`))
    expect(await indexes(table)).toContain(shortIdent(`${table}__maker_of_this_particular_part`))

    await ensureDocTypeTables(db, new Schema([parent, line]))
    expect(await indexes(table)).toEqual([`${table}_pkey`, shortIdent(`${table}__parent`)].sort())
    const row = await db.transaction((tx) => tx.get(`SELECT "maker_of_this_particular_part" AS maker FROM "${table}" WHERE "name" = 'P-1'`), { readOnly: true })
    expect(row).toEqual({ maker: 'G-2' })
    await ensureDocTypeTables(db, new Schema([parent, line]))
    expect(await indexes(table)).toEqual([`${table}_pkey`, shortIdent(`${table}__parent`)].sort())
  })
})
