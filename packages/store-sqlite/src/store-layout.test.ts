import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { parseFilters, Schema, type DocType } from '@outpost/meta'
import { buildDocType, type RawField } from '@outpost/meta/testing'
import { gadgets, storeTestSchema } from '@outpost/core/testing'
import type { DocQuery } from '@outpost/core'
import { selectDocsSql } from './doc-query-sql.ts'
import { sqliteStore } from './index.ts'
import { tempDbDir } from './test-paths.ts'

const dir = tempDbDir()
afterAll(() => dir.remove())

/** The Gadget schema with its own field list swapped for `fields`. */
function gadgetSchema(fields: readonly RawField[]): Schema {
  const base = storeTestSchema()
  const part = base.get('Gadget Part')!
  return new Schema([part, buildDocType('Gadget', fields, { is_submittable: 1 })])
}
const GADGET_FIELDS = (storeTestSchema().get('Gadget') as DocType).fields.map((f) => f.raw as RawField)

async function names(path: string, schema: Schema, filters: unknown): Promise<string[]> {
  const store = sqliteStore({ path })
  await store.open(schema)
  const docs = await store.read((tx) => tx.queryDocs('Gadget', { filters: parseFilters(filters), orderBy: [{ field: 'name', order: 'asc' }] }))
  await store.close()
  return docs.map((d) => String(d['name']))
}

function plan(path: string, query: DocQuery): string {
  const schema = storeTestSchema()
  const q = selectDocsSql(schema, schema.get('Gadget')!, query)
  const db = new Database(path, { readonly: true })
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]
  db.close()
  return rows.map((r) => r.detail).join('\n')
}

describe('sqliteStore layout', () => {
  it('adds, drops and retypes columns as meta changes, back-filled from the JSON', async () => {
    const path = dir.next()
    const store = sqliteStore({ path })
    await store.open(gadgetSchema([...GADGET_FIELDS, { fieldname: 'colour', fieldtype: 'Data' }]))
    await store.write(async (tx) => {
      for (const g of gadgets()) await tx.putDoc('Gadget', { ...g, colour: g['name'] === 'G-1' ? 'Red' : null })
    })
    await store.close()
    // colour removed while G-2 gets a colour: the column must not keep a stale value
    const without = gadgetSchema(GADGET_FIELDS)
    const s2 = sqliteStore({ path })
    await s2.open(without)
    await s2.write(async (tx) => {
      await tx.putDoc('Gadget', { ...gadgets()[1], colour: 'Blue' })
      await tx.putDoc('Gadget', { ...gadgets()[0], colour: 'Green' })
    })
    await s2.close()
    const withColour = gadgetSchema([...GADGET_FIELDS, { fieldname: 'colour', fieldtype: 'Data' }])
    expect(await names(path, withColour, { colour: 'blue' })).toEqual(['G-2'])
    expect(await names(path, withColour, { colour: 'red' })).toEqual([])
    expect(await names(path, withColour, [['colour', 'is', 'set']])).toEqual(['G-1', 'G-2'])
    // count becomes text: compared as text now, from the same JSON
    const retyped = gadgetSchema(GADGET_FIELDS.map((f) => (f.fieldname === 'count' ? { ...f, fieldtype: 'Data' } : f)))
    expect(await names(path, retyped, [['count', 'like', '1%']])).toEqual(['G-3', 'G-5'])
    expect(await names(path, storeTestSchema(), [['count', '>', 2]])).toEqual(['G-1', 'G-3'])
  })

  it('refuses unknown fields and tree operators with a DataError', async () => {
    const store = sqliteStore({ path: ':memory:' })
    await store.open(storeTestSchema())
    const query = (filters: unknown) => store.read((tx) => tx.queryDocs('Gadget', { filters: parseFilters(filters) }))
    await expect(query({ nope: 1 })).rejects.toMatchObject({ name: 'FrappeError', excType: 'DataError' })
    await expect(query({ 'title" OR 1=1 --': 1 })).rejects.toMatchObject({ excType: 'DataError' })
    await expect(query([['maker', 'descendants of', 'G-1']])).rejects.toThrow('Operator descendants of is not supported on local data')
    await expect(store.read((tx) => tx.queryDocs('Gadget', { orderBy: [{ field: 'nope', order: 'asc' }] }))).rejects.toMatchObject({ excType: 'DataError' })
    await expect(store.read((tx) => tx.queryDocs('Gadget Part'))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await store.close()
  })

  it('answers a Link filter and a modified sort from their indexes', async () => {
    const path = dir.next()
    const store = sqliteStore({ path })
    await store.open(storeTestSchema())
    await store.write(async (tx) => { for (const g of gadgets()) await tx.putDoc('Gadget', g) })
    const byLink = plan(path, { filters: parseFilters({ maker: 'G-1' }) })
    expect(byLink).toMatch(/USING INDEX ix:Gadget:maker/)
    const sorted = plan(path, { orderBy: [{ field: 'modified', order: 'desc' }], limit: 20 })
    expect(sorted).toMatch(/SCAN t USING INDEX ix:Gadget:modified/)
    // a condition that must also accept NULL still uses the index (no coalesce)
    expect(plan(path, { filters: parseFilters([['maker', 'in', ['', 'G-1']]]) })).toMatch(/ix:Gadget:maker/)
    const raw = new Database(path, { readonly: true })
    const indexes = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix:%' ORDER BY name").pluck().all()
    raw.close()
    expect(indexes).toEqual(['ix:Gadget:active', 'ix:Gadget:docstatus', 'ix:Gadget:kind', 'ix:Gadget:maker', 'ix:Gadget:modified', 'ix:Gadget:outpost_id'])
    await store.close()
  })
})
