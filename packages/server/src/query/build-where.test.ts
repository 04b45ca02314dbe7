import { parseFilters } from '@outpost/meta'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frappeErrorOf } from '@outpost/meta/testing'
import { openMemoryDb, type MemoryDb } from '../testing/memory-db.ts'
import { CUSTOMERS, TERRITORIES, WIDGETS, widgetDocTypes } from '../testing/widget-schema.ts'
import { buildWhere } from './build-where.ts'

let m: MemoryDb

beforeAll(async () => {
  m = await openMemoryDb(widgetDocTypes())
  await m.insert('Territory', TERRITORIES)
  await m.insert('Customer', CUSTOMERS)
  await m.insert('Widget', WIDGETS)
  // a Widget Row that belongs to another parent doctype, under the same parent name
  await m.tx((tx) => tx.run(`INSERT INTO "tabWidget Row" ("name", "parent", "parenttype", "parentfield", "item_code", "qty") VALUES ('x1', 'W3', 'Other', 'items', 'Z', 9)`))
})
afterAll(() => m.close())

const where = (filters: unknown, orFilters?: unknown): ReturnType<typeof buildWhere> =>
  buildWhere(m.schema, m.schema.require('Widget'), 't', parseFilters(filters), parseFilters(orFilters, 'or_filters'))
/** The fragment without collation clauses, to compare its shape. */
const plain = (w: ReturnType<typeof buildWhere>): ReturnType<typeof buildWhere> => ({ sql: w.sql.replaceAll(' COLLATE NOCASE', ''), params: w.params })
const match = (filters: unknown, orFilters?: unknown): Promise<string[]> => m.names('Widget', where(filters, orFilters))

describe('buildWhere: equality and null coalescing', () => {
  it('with no filters matches everything', async () => {
    expect(where([])).toEqual({ sql: '1 = 1', params: [] })
    expect(await match({})).toEqual(['W1', 'W2', 'W3', 'W4'])
  })

  it('= with a value does not coalesce; = with an empty value matches NULL and empty', async () => {
    expect(await match({ status: 'Open' })).toEqual(['W1', 'W4'])
    expect(where({ status: 'Open' }).sql).toBe('t."status" = ?')
    expect(await match({ title: '' })).toEqual(['W2', 'W4'])
    expect(await match({ title: null })).toEqual(['W2', 'W4'])
  })

  it('!= on a text column keeps NULL rows (ifnull(col, ""))', async () => {
    expect(await match([['status', '!=', 'Open']])).toEqual(['W2', 'W3'])
    expect(await match([['title', '<>', 'Alpha']])).toEqual(['W2', 'W3', 'W4'])
  })

  it('!=, <, > on numeric columns compare numbers, not text', async () => {
    expect(await match([['qty', '!=', 5]])).toEqual(['W2', 'W3', 'W4'])
    expect(await match([['qty', '>', '4']])).toEqual(['W1', 'W3'])
    expect(await match([['amount', '<', 1]])).toEqual(['W2'])
    expect(await match({ disabled: 0 })).toEqual(['W1', 'W3', 'W4'])
    expect(await match({ disabled: true })).toEqual(['W2'])
  })

  it('never coalesces name, creation and modified', () => {
    expect(where([['name', '!=', 'W1']]).sql).toBe('t."name" != ?')
    expect(where([['modified', '>', '2023-01-01']]).sql).toBe('t."modified" > ?')
    expect(plain(where([['title', '!=', 'W1']]))).toEqual({ sql: 'coalesce(t."title", ?) != ?', params: ['', 'W1'] })
  })

  it('< on a NULL date compares as 0001-01-01', async () => {
    expect(await match([['due', '<', '2024-01-15']])).toEqual(['W1', 'W2'])
    expect(await match([['due', '>', '2024-01-15']])).toEqual(['W3', 'W4'])
  })

  it('matches names case-insensitively, like MariaDB', async () => {
    expect(await match({ name: 'w1' })).toEqual(['W1'])
  })
})

describe('buildWhere: in / not in', () => {
  it('accepts a list or a comma-separated string', async () => {
    expect(await match({ name: ['in', ['W1', 'W3']] })).toEqual(['W1', 'W3'])
    expect(await match([['name', 'in', 'W1, W3']])).toEqual(['W1', 'W3'])
    expect(await match([['qty', 'in', '5,10']])).toEqual(['W1', 'W3'])
  })

  it('not in keeps NULL rows', async () => {
    expect(await match([['status', 'not in', ['Open']]])).toEqual(['W2', 'W3'])
  })

  it("an empty list is Frappe's (''): in [] matches empty values, not in [] the others", async () => {
    expect(await match([['name', 'in', []]])).toEqual([])
    expect(await match([['name', 'not in', []]])).toEqual(['W1', 'W2', 'W3', 'W4'])
    expect(await match([['title', 'in', []]])).toEqual(['W2', 'W4'])
    expect(await match([['title', 'not in', '']])).toEqual(['W1', 'W3'])
  })

  it('in with an empty string matches NULL text', async () => {
    expect(await match([['title', 'in', ['', 'Alpha']]])).toEqual(['W1', 'W2', 'W4'])
  })

  it('binds every value', () => {
    expect(where([['name', 'in', ['a', 'b']]])).toEqual({ sql: 't."name" IN (?, ?)', params: ['a', 'b'] })
    expect(plain(where([['title', 'not in', "x', 'y"]]))).toEqual({ sql: 'coalesce(t."title", ?) NOT IN (?, ?)', params: ['', "x'", "'y"] })
  })

  it('handles a large in list', async () => {
    const names = [...Array.from({ length: 20_000 }, (_, i) => `N${i}`), 'W2']
    expect(await match([['name', 'in', names]])).toEqual(['W2'])
  })

  it('refuses more values than the database can bind with a DataError, not a database error', () => {
    const names = Array.from({ length: 100_000 }, (_, i) => `N${i}`)
    expect(frappeErrorOf(() => where([['name', 'in', names]])).excType).toBe('DataError')
  })

  it('refuses more conditions than SQLite can nest with a DataError', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => ['qty', '!=', i])
    expect(frappeErrorOf(() => where(many)).excType).toBe('DataError')
    expect(frappeErrorOf(() => where([], many)).excType).toBe('DataError')
  })
})

describe('buildWhere: like / is', () => {
  it('like is case-insensitive; not like keeps NULL rows', async () => {
    expect(await match([['title', 'like', '%al%']])).toEqual(['W1'])
    expect(await match([['title', 'not like', '%Al%']])).toEqual(['W2', 'W3', 'W4'])
    expect(await match([['title', 'like', "%'%"]])).toEqual(['W3'])
  })

  it('is set / is not set on text treats NULL and "" as not set', async () => {
    expect(await match([['title', 'is', 'set']])).toEqual(['W1', 'W3'])
    expect(await match([['title', 'is', 'not set']])).toEqual(['W2', 'W4'])
    expect(await match({ status: ['is', 'Set'] })).toEqual(['W1', 'W3', 'W4'])
    expect(await match([['due', 'is', 'not set']])).toEqual(['W2'])
  })

  it('is set / is not set on numeric columns treats 0 as not set, as Frappe on MariaDB', async () => {
    expect(await match([['qty', 'is', 'set']])).toEqual(['W1', 'W3', 'W4'])
    expect(await match([['qty', 'is', 'not set']])).toEqual(['W2'])
    expect(await match([['disabled', 'is', 'set']])).toEqual(['W2'])
    expect(await match([['amount', 'is', 'not set']])).toEqual(['W2'])
  })

  it('is needs "set" or "not set"', () => {
    for (const v of ['null', '', 'set; drop', null]) expect(frappeErrorOf(() => where([['title', 'is', v]])).excType).toBe('DataError')
  })
})

describe('buildWhere: between', () => {
  it('on a Date column includes both bounds', async () => {
    expect(await match([['due', 'between', ['2024-01-10', '2024-01-31']]])).toEqual(['W1', 'W4'])
  })

  it('on a Datetime column expands date-only bounds to the whole days', async () => {
    expect(await match([['at', 'between', ['2024-01-10', '2024-01-31']]])).toEqual(['W1', 'W2'])
    expect(where([['at', 'between', ['2024-01-10', '2024-01-31']]]).params).toEqual(['0001-01-01 00:00:00.000000', '2024-01-10 00:00:00.000000', '2024-01-31 23:59:59.999999'])
  })

  it('on a Datetime column keeps full datetime bounds as they are', async () => {
    expect(await match([['at', 'between', ['2024-01-31 23:59:59.600000', '2024-02-01 00:00:00.000000']]])).toEqual(['W3'])
    expect(await match([['modified', 'between', ['2024-01-01', '2024-01-01']]])).toEqual(['W1', 'W2', 'W3', 'W4'])
  })

  it('needs a list of two values', () => {
    for (const v of ['2024-01-01', ['2024-01-01'], ['a', 'b', 'c'], null]) {
      expect(frappeErrorOf(() => where([['due', 'between', v]])).excType).toBe('DataError')
    }
  })
})

describe('buildWhere: child tables and or_filters', () => {
  it('a 4-tuple on a child doctype becomes EXISTS over rows of this parent type', async () => {
    expect(await match([['Widget Row', 'item_code', '=', 'A']])).toEqual(['W1', 'W4'])
    expect(await match([['Widget Row', 'qty', '>', 1]])).toEqual(['W2', 'W4'])
    expect(await match([['Widget Row', 'item_code', '=', 'Z']])).toEqual([])
    expect(where([['Widget Row', 'item_code', '=', 'A']]).sql).toMatch(/^EXISTS \(SELECT 1 FROM "tabWidget Row" c WHERE c\."parent" = t\."name" AND c\."parenttype" = \?/)
  })

  it('a 4-tuple naming the doctype itself is a plain condition', async () => {
    expect(await match([['Widget', 'title', '=', 'Alpha']])).toEqual(['W1'])
  })

  it('refuses a 4-tuple on a doctype that is not a child table of this one', () => {
    for (const d of ['Customer', 'Territory', 'Nope', 'Widget Row" c WHERE 1=1 --']) {
      expect(frappeErrorOf(() => where([[d, 'name', '=', 'x']])).excType).toBe('DataError')
    }
  })

  it('or_filters are OR-ed together, then AND-ed with filters', async () => {
    const ors = [['qty', '>', 6], ['title', '=', 'Alpha']]
    expect(await match([], ors)).toEqual(['W1', 'W3'])
    expect(await match({ status: 'Open' }, ors)).toEqual(['W1'])
    expect(await match({ status: 'Open' }, [['qty', '>', 100]])).toEqual([])
  })
})

describe('buildWhere: value types', () => {
  it.each([
    ['qty', '=', 'five'], ['qty', '>', '1 OR 1=1'], ['qty', 'in', ['1', 'x']], ['amount', '=', {}], ['qty', '=', 'Infinity'],
    ['title', '=', { a: 1 }], ['title', '=', ['a']], ['title', 'like', ['%']],
  ])('refuses %s %s %j', (field, op, value) => {
    expect(frappeErrorOf(() => where([[field, op, value]])).excType).toBe('DataError')
  })
})
