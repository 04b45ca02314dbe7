import { afterAll, expect, it } from 'vitest'
import { parseFilters } from '@outpost/meta'
import { fixturesSkipReason, loadFixtureSchema, requireFixtures } from '@outpost/meta/testing'
import { hasDocTable } from './columns.ts'
import { sqliteStore } from './index.ts'
import { tempDbDir } from './test-paths.ts'

const fixtures = requireFixtures()
const dir = tempDbDir()
afterAll(() => dir.remove())

it.skipIf(fixtures === undefined)(fixtures === undefined ? `lays out the ERPNext DocTypes (skipped: ${fixturesSkipReason()})` : 'lays out the ERPNext DocTypes and queries a Sales Invoice by a child row', async () => {
  const schema = loadFixtureSchema(fixtures!)
  const path = dir.next()
  const store = sqliteStore({ path })
  await store.open(schema)
  await store.open(schema) // a second open with the same meta changes nothing
  const invoice = { doctype: 'Sales Invoice', name: 'ACC-SINV-2026-00001', customer: 'Acme', docstatus: 1, grand_total: 118, items: [{ name: 'r1', idx: 1, item_code: 'WIDGET', qty: 2 }] }
  await store.write((tx) => tx.putDoc('Sales Invoice', invoice))
  const query = (filters: unknown) => store.read((tx) => tx.countDocs('Sales Invoice', { filters: parseFilters(filters) }))
  expect(await query([['Sales Invoice Item', 'item_code', '=', 'widget']])).toBe(1)
  expect(await query({ customer: 'acme', docstatus: 1 })).toBe(1)
  expect(await query([['grand_total', '>', 200]])).toBe(0)
  expect(schema.all().filter(hasDocTable).length).toBeGreaterThan(5)
  await store.close()
})
