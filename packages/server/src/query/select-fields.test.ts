import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frappeErrorOf } from '@outpost/meta/testing'
import { columnsOf } from '../storage/columns.ts'
import { openMemoryDb, type MemoryDb } from '../testing/memory-db.ts'
import { WIDGETS, widgetDocTypes } from '../testing/widget-schema.ts'
import { selectFields, type SelectedField } from './select-fields.ts'

let m: MemoryDb

beforeAll(async () => {
  m = await openMemoryDb(widgetDocTypes())
  await m.insert('Widget', WIDGETS)
})
afterAll(() => m.close())

const select = (raw: unknown): SelectedField[] => selectFields(m.schema.require('Widget'), 't', raw)

/** Runs the projection the way list-query does and returns the rows. */
async function rows(raw: unknown, tail = ''): Promise<Record<string, unknown>[]> {
  const fields = select(raw)
  const sql = `SELECT ${fields.map((f) => `${f.sql} AS "${f.key.replaceAll('"', '')}"`).join(', ')} FROM "tabWidget" t${tail}`
  return m.tx((tx) => tx.all(sql))
}

describe('selectFields: accepted shapes', () => {
  it.each([undefined, null, '', '[]', [], ' , '])('defaults %j to name', (raw) => {
    expect(select(raw)).toEqual([{ sql: 't."name"', key: 'name', aggregate: false }])
  })

  it('reads a JSON list, a comma string and a list the same way', () => {
    const expected = [{ sql: 't."name"', key: 'name', aggregate: false }, { sql: 't."title"', key: 'title', aggregate: false }]
    expect(select('["name", "title"]')).toEqual(expected)
    expect(select(' name , title ')).toEqual(expected)
    expect(select(['name', ' title'])).toEqual(expected)
  })

  it('expands * and tabX.* to every column', () => {
    const all = columnsOf(m.schema.require('Widget')).map((c) => c.name)
    expect(select('*').map((f) => f.key)).toEqual(all)
    expect(select(['`tabWidget`.*']).map((f) => f.key)).toEqual(all)
    expect(select(['tabWidget.*']).map((f) => f.key)).toEqual(all)
  })

  it('keeps aliases as result keys', async () => {
    expect(select(['title as label', '`tabWidget`.`qty` AS `n`'])).toEqual([
      { sql: 't."title"', key: 'label', aggregate: false },
      { sql: 't."qty"', key: 'n', aggregate: false },
    ])
    expect(await rows(['name', 'title as label'], ` WHERE t."name" = 'W1'`)).toEqual([{ name: 'W1', label: 'Alpha' }])
  })

  it('builds count(*), count(name), sum(x) as y and count(distinct x)', async () => {
    expect(select(['count(*)', 'COUNT( name )', 'sum(qty) as total', 'count(distinct status) as statuses', 'avg(amount)'])).toEqual([
      { sql: 'count(*)', key: 'count(*)', aggregate: true },
      { sql: 'count(t."name")', key: 'count(name)', aggregate: true },
      { sql: 'sum(t."qty")', key: 'total', aggregate: true },
      { sql: 'count(DISTINCT t."status")', key: 'statuses', aggregate: true },
      { sql: 'avg(t."amount")', key: 'avg(amount)', aggregate: true },
    ])
    expect(await rows(['count(*) as n', 'sum(qty) as total', 'count(distinct status) as statuses', 'min(due)', 'max(at)'])).toEqual([
      { n: 4, total: 14, statuses: 2, 'min(due)': '2024-01-10', 'max(at)': '2024-02-01 00:00:00.000000' },
    ])
  })

  it('groups by a column next to an aggregate', async () => {
    expect(await rows(['status', 'count(name) as n'], ' GROUP BY t."status" ORDER BY t."status"')).toEqual([
      { status: null, n: 1 }, { status: 'Closed', n: 1 }, { status: 'Open', n: 2 },
    ])
  })
})

describe('selectFields: refused', () => {
  it.each([
    ['a sub-select', '(select name from "tabWidget")'],
    ['a sub-select in an aggregate', 'count((select 1))'],
    ['an aggregate over an expression', 'sum(qty * 2)'],
    ['an aggregate over an unknown column', 'sum(nope)'],
    ['count(distinct *)', 'count(distinct *)'],
    ['sum(*)', 'sum(*)'],
    ['a function not in the allow-list', 'lower(title)'],
    ['another function', 'group_concat(name)'],
    ['sqlite_version', 'sqlite_version()'],
    ['a statement terminator', 'name; drop table "tabWidget"'],
    ['a union', 'name union select name from __user'],
    ['a union in an alias position', 'name as x union select 1'],
    ['a comment', 'name -- x'],
    ['a block comment', 'name/* x */'],
    ['an unknown column', 'no_such'],
    ['another table', 'tabCustomer.name'],
    ['another table star', 'tabCustomer.*'],
    ['a quoted alias', 'name as "x"'],
    ['an alias with a quote', 'name as x"y'],
    ['an aliased star', '* as everything'],
    ['a dotted link field', 'customer.customer_name'],
    ['a literal', "'x'"],
    ['a number', '1'],
  ])('refuses %s', (_label, field) => {
    const e = frappeErrorOf(() => select([field]))
    expect(['DataError', 'ValidationError']).toContain(e.excType)
  })

  it.each([
    ['invalid JSON', '["name",'],
    ['a list of numbers', [1, 2]],
    ['a nested list', [['name']]],
    ['an object', { name: 1 }],
    ['a JSON list of objects', '[{"name": 1}]'],
    ['a number', 5],
  ])('refuses %s as the fields argument', (_label, raw) => {
    expect(frappeErrorOf(() => select(raw)).excType).toBe('DataError')
  })

  it('never lets a refused field reach the database', async () => {
    expect(() => select(['name', 'name; DELETE FROM "tabWidget"'])).toThrow()
    expect(await m.count('Widget')).toBe(4)
  })
})
