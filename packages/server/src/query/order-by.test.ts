import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frappeErrorOf } from '@outpost/meta/testing'
import { openMemoryDb, type MemoryDb } from '../testing/memory-db.ts'
import { WIDGETS, widgetDocTypes } from '../testing/widget-schema.ts'
import { groupBySql, orderBySql } from './order-by.ts'

let m: MemoryDb

beforeAll(async () => {
  m = await openMemoryDb(widgetDocTypes())
  await m.insert('Widget', WIDGETS)
})
afterAll(() => m.close())

const order = (raw: unknown, keys: string[] = []): string => orderBySql(m.schema.require('Widget'), 't', raw, new Set(keys))
const group = (raw: unknown): string => groupBySql(m.schema.require('Widget'), 't', raw)

async function names(orderBy: string): Promise<string[]> {
  return (await m.tx((tx) => tx.all<{ name: string }>(`SELECT t.name FROM "tabWidget" t${orderBy}`))).map((r) => r.name)
}

describe('orderBySql', () => {
  it('emits nothing without order_by (no ordering guarantee, as v15)', () => {
    for (const raw of [undefined, null, '']) expect(order(raw)).toBe('')
  })

  it('reads terms with and without a direction, any case', () => {
    expect(order('modified desc, name')).toBe(' ORDER BY t."modified" DESC, t."name" ASC')
    expect(order('`tabWidget`.`qty`  DESC,tabWidget.title Asc')).toBe(' ORDER BY t."qty" DESC, t."title" ASC')
  })

  it('orders real rows', async () => {
    expect(await names(order('qty desc'))).toEqual(['W3', 'W1', 'W2', 'W4'])
    expect(await names(order('status asc, qty asc'))).toEqual(['W2', 'W3', 'W4', 'W1'])
  })

  it('may order by a selected alias, unqualified', () => {
    expect(order('n desc', ['n'])).toBe(' ORDER BY "n" DESC')
    // an unaliased aggregate key is no identifier: alias it to order by it
    expect(frappeErrorOf(() => order('count(*) desc', ['count(*)'])).excType).toBe('DataError')
  })

  it('resolves a selected key that is also a column against the table', () => {
    expect(order('title desc', ['title'])).toBe(' ORDER BY t."title" DESC')
  })

  it.each([
    'name; drop table "tabWidget"', 'name desc; --', 'name -- x', 'name /* x */', '(select 1)', 'rand()', 'random()',
    'field(name, "W1")', 'name desc desc', 'name asc nulls last', '1', 'nope', 'tabCustomer.name', 'name,', ',name', 'name,,title',
    'name union select 1', 'name" desc', 'n desc',
  ])('refuses %j', (raw) => {
    const e = frappeErrorOf(() => order(raw))
    expect(['DataError', 'ValidationError']).toContain(e.excType)
  })

  it('refuses an alias that is not a plain identifier even when selected', () => {
    expect(frappeErrorOf(() => order('x"y', ['x"y'])).excType).toBe('DataError')
  })

  it('refuses order_by that is not text', () => {
    expect(frappeErrorOf(() => order(['name'])).excType).toBe('DataError')
  })
})

describe('groupBySql', () => {
  it('groups by checked columns', () => {
    expect(group('')).toBe('')
    expect(group('status, `tabWidget`.`qty`')).toBe(' GROUP BY t."status", t."qty"')
  })

  it.each(['status; drop', 'status having 1', 'lower(status)', 'nope', 'status,', 1])('refuses %j', (raw) => {
    expect(frappeErrorOf(() => group(raw)).excType).toBe('DataError')
  })
})
