import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Schema } from '@outpost/meta'
import { buildDocType } from '@outpost/meta/testing'
import { openSqlite } from '../db/sqlite-db.ts'
import { ensureDocTypeTables } from './ddl.ts'

const dir = mkdtempSync(join(tmpdir(), 'outpost-ddl-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const v1 = buildDocType('Gadget', [{ fieldname: 'title', fieldtype: 'Data' }, { fieldname: 'maker', fieldtype: 'Link', options: 'Gadget' }])
const v2 = buildDocType('Gadget', [
  { fieldname: 'title', fieldtype: 'Data' }, { fieldname: 'maker', fieldtype: 'Link', options: 'Gadget' },
  { fieldname: 'weight', fieldtype: 'Float' }, { fieldname: 'serial', fieldtype: 'Data', search_index: 1 },
])

async function columns(path: string): Promise<{ name: string; type: string; notnull: number }[]> {
  const db = openSqlite({ path })
  try {
    return await db.transaction((tx) => tx.all<{ name: string; type: string; notnull: number }>(`SELECT name, type, "notnull" FROM pragma_table_info('tabGadget')`), { readOnly: true })
  } finally {
    await db.close()
  }
}

describe('ensureDocTypeTables', () => {
  it('creates a table per doctype and adds the columns a newer meta declares, keeping rows', async () => {
    const path = join(dir, 'site.db')
    const first = openSqlite({ path })
    await ensureDocTypeTables(first, new Schema([v1]))
    await first.transaction((tx) => tx.run(`INSERT INTO "tabGadget" ("name", "title") VALUES ('G-1', 'kept')`))
    await first.close()
    expect((await columns(path)).map((c) => c.name)).not.toContain('weight')

    const second = openSqlite({ path })
    await ensureDocTypeTables(second, new Schema([v2]))
    const row = await second.transaction((tx) => tx.get(`SELECT "title", "weight" FROM "tabGadget" WHERE "name" = 'G-1'`), { readOnly: true })
    await second.close()
    expect(row).toEqual({ title: 'kept', weight: 0 })
    const cols = await columns(path)
    expect(cols.find((c) => c.name === 'weight')).toMatchObject({ type: 'REAL', notnull: 1 })
    expect(cols.map((c) => c.name)).toEqual(expect.arrayContaining(['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx', 'outpost_id', 'serial']))
  })

  it('indexes modified, Link fields and search_index fields, and keeps outpost_id unique', async () => {
    const path = join(dir, 'index.db')
    const db = openSqlite({ path })
    await ensureDocTypeTables(db, new Schema([v2]))
    const indexes = await db.transaction((tx) => tx.all<{ name: string }>(`SELECT name FROM pragma_index_list('tabGadget')`), { readOnly: true })
    const names = indexes.map((i) => i.name)
    expect(names).toEqual(expect.arrayContaining(['tabGadget__modified', 'tabGadget__maker', 'tabGadget__serial', 'tabGadget__outpost_id']))
    await db.transaction((tx) => tx.run(`INSERT INTO "tabGadget" ("name", "outpost_id") VALUES ('A', 'same')`))
    await expect(db.transaction((tx) => tx.run(`INSERT INTO "tabGadget" ("name", "outpost_id") VALUES ('B', 'same')`))).rejects.toThrow(/UNIQUE/)
    await db.close()
  })

  it('indexes a child table as Frappe does, plus its Dynamic Links and Links to submittable DocTypes', async () => {
    const schema = new Schema([
      buildDocType('Order', [{ fieldname: 'lines', fieldtype: 'Table', options: 'Order Line' }], { is_submittable: 1 }),
      buildDocType('Order Line', [
        { fieldname: 'gadget', fieldtype: 'Link', options: 'Gadget' }, { fieldname: 'serial', fieldtype: 'Link', options: 'Gadget', search_index: 1 },
        { fieldname: 'against', fieldtype: 'Link', options: 'Order' }, { fieldname: 'ref_type', fieldtype: 'Link', options: 'DocType' },
        { fieldname: 'ref_name', fieldtype: 'Dynamic Link', options: 'ref_type' },
      ], { istable: 1 }),
      v1,
    ])
    const db = openSqlite({ path: join(dir, 'child.db') })
    const indexes = async (): Promise<string[]> => (await db.transaction((tx) => tx.all<{ name: string }>(`SELECT name FROM pragma_index_list('tabOrder Line')`), { readOnly: true }))
      .map((i) => i.name).filter((n) => n.startsWith('tab')).sort()
    await ensureDocTypeTables(db, schema)
    expect(await indexes()).toEqual(['tabOrder Line__against', 'tabOrder Line__parent', 'tabOrder Line__ref_name', 'tabOrder Line__serial'])
    // one DocType again (Custom Fields changed it): the schema still says its Link's target is submittable
    await ensureDocTypeTables(db, schema, [schema.require('Order Line')])
    expect(await indexes()).toEqual(['tabOrder Line__against', 'tabOrder Line__parent', 'tabOrder Line__ref_name', 'tabOrder Line__serial'])
    await db.close()
  })

  it('drops the child-table indexes an older server made and no longer makes, keeping the rows', async () => {
    const line = buildDocType('Gadget Part', [{ fieldname: 'maker', fieldtype: 'Link', options: 'Gadget' }], { istable: 1 })
    const path = join(dir, 'former.db')
    const db = openSqlite({ path })
    await db.exec(`CREATE TABLE "tabGadget Part" ("name" TEXT PRIMARY KEY, "parent" TEXT, "modified" TEXT, "maker" TEXT)`)
    for (const c of ['modified', 'creation', 'maker', 'parent']) {
      if (c !== 'creation') await db.exec(`CREATE INDEX "tabGadget Part__${c}" ON "tabGadget Part" ("${c}")`)
    }
    await db.exec(`CREATE INDEX "own_index" ON "tabGadget Part" ("maker")`)
    await db.transaction((tx) => tx.run(`INSERT INTO "tabGadget Part" ("name", "parent", "maker") VALUES ('P-1', 'G-1', 'G-2')`))
    await ensureDocTypeTables(db, new Schema([v1, line]))
    const indexes = await db.transaction((tx) => tx.all<{ name: string }>(`SELECT name FROM pragma_index_list('tabGadget Part')`), { readOnly: true })
    expect(indexes.map((i) => i.name).sort()).toEqual(['own_index', 'sqlite_autoindex_tabGadget Part_1', 'tabGadget Part__parent'])
    const row = await db.transaction((tx) => tx.get(`SELECT "maker" FROM "tabGadget Part" WHERE "name" = 'P-1'`), { readOnly: true })
    expect(row).toEqual({ maker: 'G-2' })
    await db.close()
  })
})
