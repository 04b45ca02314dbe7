import { parseFilters } from '@outpost/meta'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildDocType, frappeErrorOf } from '@outpost/meta/testing'
import { openMemoryDb, treeDocType, type MemoryDb } from '../testing/memory-db.ts'
import { CUSTOMERS, TERRITORIES, WIDGETS, widgetDocTypes } from '../testing/widget-schema.ts'
import { buildWhere } from './build-where.ts'
import { treeParentField } from './tree-filter.ts'

let m: MemoryDb

beforeAll(async () => {
  const group = buildDocType('Item Group', [
    { fieldname: 'parent_group', fieldtype: 'Link', options: 'Item Group' },
  ], { is_tree: 1, nsm_parent_field: 'parent_group', autoname: 'Prompt' })
  m = await openMemoryDb([...widgetDocTypes(), group])
  await m.insert('Territory', TERRITORIES)
  await m.insert('Customer', CUSTOMERS)
  await m.insert('Widget', WIDGETS)
  await m.insert('Item Group', [
    { name: 'All', parent_group: null }, { name: 'Food', parent_group: 'All' }, { name: 'Fruit', parent_group: 'Food' },
    // a corrupt cycle must not hang the recursive query
    { name: 'Loop A', parent_group: 'Loop B' }, { name: 'Loop B', parent_group: 'Loop A' },
  ])
})
afterAll(() => m.close())

const match = (doctype: string, filters: unknown): Promise<string[]> =>
  m.names(doctype, buildWhere(m.schema, m.schema.require(doctype), 't', parseFilters(filters)))

describe('treeParentField', () => {
  it('is nsm_parent_field, else parent_<scrubbed doctype>', () => {
    expect(treeParentField(m.schema.require('Item Group'))).toBe('parent_group')
    expect(treeParentField(treeDocType('Sales Person'))).toBe('parent_sales_person')
  })
})

describe('tree operators on a Link to a tree doctype', () => {
  it('descendants of excludes the node itself', async () => {
    expect(await match('Widget', [['territory', 'descendants of', 'Asia']])).toEqual(['W1', 'W4'])
    expect(await match('Widget', [['territory', 'descendants of', 'Mumbai']])).toEqual([])
  })

  it('descendants of (inclusive) includes the node itself', async () => {
    expect(await match('Widget', [['territory', 'descendants of (inclusive)', 'Asia']])).toEqual(['W1', 'W2', 'W4'])
    expect(await match('Widget', [['territory', 'Descendants Of (Inclusive)', 'Mumbai']])).toEqual(['W4'])
  })

  it('ancestors of walks up to the root', async () => {
    expect(await match('Widget', [['territory', 'ancestors of', 'Mumbai']])).toEqual(['W1', 'W2'])
    expect(await match('Widget', [['territory', 'ancestors of', 'All Territories']])).toEqual([])
  })

  it('not descendants of keeps the node itself and NULL values', async () => {
    expect(await match('Widget', [['territory', 'not descendants of', 'Asia']])).toEqual(['W2', 'W3'])
  })

  it('not ancestors of keeps everything that is not above the node', async () => {
    expect(await match('Widget', [['territory', 'not ancestors of', 'India']])).toEqual(['W1', 'W3', 'W4'])
  })

  it('an unknown node has no descendants and no ancestors', async () => {
    expect(await match('Widget', [['territory', 'descendants of', 'Atlantis']])).toEqual([])
    expect(await match('Widget', [['territory', 'not descendants of', 'Atlantis']])).toEqual(['W1', 'W2', 'W3', 'W4'])
  })

  it('works inside a child-table 4-tuple', async () => {
    expect(await match('Widget', [['Widget Row', 'territory', 'descendants of (inclusive)', 'India']])).toEqual(['W1'])
    expect(await match('Widget', [['Widget Row', 'territory', 'descendants of', 'All Territories']])).toEqual(['W1', 'W2'])
  })
})

describe('tree operators on the tree doctype itself', () => {
  it('filter by name', async () => {
    expect(await match('Territory', [['name', 'descendants of', 'Asia']])).toEqual(['India', 'Mumbai'])
    expect(await match('Territory', [['name', 'ancestors of', 'Mumbai']])).toEqual(['All Territories', 'Asia', 'India'])
    expect(await match('Territory', [['name', 'not descendants of', 'All Territories']])).toEqual(['All Territories'])
  })

  it('uses nsm_parent_field and survives a cycle', async () => {
    expect(await match('Item Group', [['name', 'descendants of', 'All']])).toEqual(['Food', 'Fruit'])
    expect(await match('Item Group', [['name', 'descendants of', 'Loop A']])).toEqual(['Loop A', 'Loop B'])
    expect(await match('Item Group', [['name', 'ancestors of', 'Loop A']])).toEqual(['Loop A', 'Loop B'])
  })
})

describe('tree operators refused', () => {
  it('on a Link to a doctype that is not a tree', () => {
    const e = frappeErrorOf(() => buildWhere(m.schema, m.schema.require('Widget'), 't', parseFilters([['customer', 'descendants of', 'Acme']])))
    expect(e.excType).toBe('DataError')
  })

  it('on a plain column and on the name of a non-tree doctype', () => {
    for (const [doctype, field] of [['Widget', 'title'], ['Widget', 'name'], ['Customer', 'name']] as const) {
      const e = frappeErrorOf(() => buildWhere(m.schema, m.schema.require(doctype), 't', parseFilters([[field, 'ancestors of', 'x']])))
      expect(e.excType).toBe('DataError')
    }
  })

  it('binds the node name', () => {
    const w = buildWhere(m.schema, m.schema.require('Widget'), 't', parseFilters([['territory', 'descendants of (inclusive)', "A' --"]]))
    expect(w.params).toEqual(["A' --", "A' --"])
    expect(w.sql).not.toContain("A'")
  })
})
