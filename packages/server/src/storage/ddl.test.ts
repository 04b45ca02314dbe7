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
})
