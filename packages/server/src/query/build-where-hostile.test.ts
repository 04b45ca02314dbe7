import { parseFilters, type FilterCondition, type Operator } from '@outpost/meta'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FrappeError } from '@outpost/meta'
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
})
afterAll(() => m.close())

const where = (filters: unknown, orFilters?: unknown): ReturnType<typeof buildWhere> =>
  buildWhere(m.schema, m.schema.require('Widget'), 't', parseFilters(filters), parseFilters(orFilters, 'or_filters'))
/** The fragment without collation clauses, to compare its shape. */
const plain = (w: ReturnType<typeof buildWhere>): ReturnType<typeof buildWhere> => ({ sql: w.sql.replaceAll(' COLLATE NOCASE', ''), params: w.params })

/** Builds the WHERE and, only if that succeeds, runs it: a refusal means nothing reached SQLite. */
async function refused(filters: unknown, orFilters?: unknown): Promise<FrappeError> {
  let built: ReturnType<typeof buildWhere>
  try {
    built = where(filters, orFilters)
  } catch (e) {
    if (e instanceof FrappeError) return e
    throw e
  }
  await m.names('Widget', built)
  throw new Error(`not refused; executed: ${built.sql}`)
}

const HOSTILE_FIELDS = [
  'name"', 'name" = "name" OR "1', `name'`, 'name; DROP TABLE "tabWidget"', 'name;', 'name)', '(name)', 'name) OR (1=1',
  '`name` OR 1', '`name`; --', 'tabCustomer.name', '`tabCustomer`.`name`', 'tabWidget Row.item_code', 'Widget.name',
  't.name', 'c.name', 'name -- comment', 'name/**/', '/*x*/name', 'name # x', 'ifnull(title, "")', 'lower(name)',
  '(select name from tabUser)', 'name, title', 'name title', '1', '1=1', '*', 'title OR 1=1', 'no_such_field',
  'Name', '', ' ', 'name\u0000', 'tabWidget.name.x', '"name"', '[name]', 'sqlite_master.name', '__proto__', 'constructor',
]

describe('hostile field names', () => {
  it.each(HOSTILE_FIELDS)('refuses %j in a 3-tuple', async (field) => {
    const e = await refused([[field, '=', 'x']])
    expect(['DataError', 'ValidationError']).toContain(e.excType)
  })

  it.each(HOSTILE_FIELDS)('refuses %j as a dict key and in or_filters', async (field) => {
    expect(['DataError', 'ValidationError']).toContain((await refused({ [field]: 'x' })).excType)
    expect(['DataError', 'ValidationError']).toContain((await refused([], [[field, 'like', '%']])).excType)
  })

  it.each(['name"', 'item_code; --', 'tabWidget.item_code', 'parent) OR (1'])('refuses %j inside a child-table 4-tuple', async (field) => {
    expect((await refused([['Widget Row', field, '=', 'x']])).excType).toBe('DataError')
  })

  it.each(['name"', 'territory) --', 'tabCustomer.territory'])('refuses %j with a tree operator', async (field) => {
    expect((await refused([[field, 'descendants of', 'Asia']])).excType).toBe('DataError')
  })

  it('accepts the forms that are real columns of this doctype', async () => {
    expect(await m.names('Widget', where([['tabWidget.title', '=', 'Alpha']]))).toEqual(['W1'])
    expect(await m.names('Widget', where([['`tabWidget`.`title`', '=', 'Alpha']]))).toEqual(['W1'])
    expect(await m.names('Widget', where([[' `title` ', '=', 'Alpha']]))).toEqual(['W1'])
  })

  it('refuses a 4-tuple child doctype that tries to break out of the identifier', async () => {
    expect((await refused([['Widget Row" c WHERE 1=1; --', 'item_code', '=', 'x']])).excType).toBe('DataError')
  })
})

describe('hostile values are bound, never interpolated', () => {
  const VALUES = [
    "x' OR '1'='1", `x" OR "1"="1`, "'; DROP TABLE \"tabWidget\"; --", '%', "\\'", 'a`b', '/* */', "O'Brien",
    ') OR (1=1', '\u0000', 'é😀',
  ]

  it.each(VALUES)('%j only ever appears in params', (value) => {
    for (const op of ['=', '!=', 'like', 'not like', '>', 'in', 'not in', 'descendants of', 'ancestors of']) {
      const w = where([[op.endsWith(' of') ? 'territory' : 'title', op, value]])
      expect(w.sql).not.toContain(value)
      expect(w.params).toContain(value)
    }
  })

  it('matches a value with a quote exactly and an injection attempt not at all', async () => {
    expect(await m.names('Widget', where({ title: "O'Brien" }))).toEqual(['W3'])
    expect(await m.names('Widget', where({ title: "x' OR '1'='1" }))).toEqual([])
    expect(await m.names('Widget', where([['name', 'in', "W1,W2') OR ('1'='1"]]))).toEqual(['W1'])
    expect(await m.names('Widget', where([['Widget Row', 'item_code', '=', "A' OR 1=1 --"]]))).toEqual([])
    expect(await m.names('Widget', where([['territory', 'descendants of', "Asia' OR 1=1 --"]]))).toEqual([])
  })

  it('refuses numeric values that are not numbers', async () => {
    expect((await refused([['qty', '=', '1; DELETE FROM "tabWidget"']])).excType).toBe('DataError')
    expect((await refused([['qty', 'between', ['1', '2) OR (1=1']]])).excType).toBe('DataError')
  })
})

describe('operator injection', () => {
  it.each(['= 1 OR 1=1 --', '=;', 'like ? OR 1=1 --', 'IS NOT', 'glob', 'regexp', 'match', '|| ', '= (select 1)'])('refuses %j from the parser', async (op) => {
    expect((await refused([['title', op, 'x']])).excType).toBe('ValidationError')
    // in the dict form a list whose head is no operator is a list of values for "in": bound
    expect(plain(where({ title: [op, 'x'] }))).toEqual({ sql: 'coalesce(t."title", ?) IN (?, ?)', params: ['', op, 'x'] })
  })

  it('refuses an operator that bypassed the parser', () => {
    const c: FilterCondition = { doctype: undefined, field: 'title', op: '= ? OR 1 = 1 OR "title" =' as Operator, value: 'x' }
    const e = frappeErrorOf(() => buildWhere(m.schema, m.schema.require('Widget'), 't', [c]))
    expect(e.excType).toBe('DataError')
  })

  it('left every table untouched', async () => {
    expect(await m.count('Widget')).toBe(4)
    expect(await m.count('Customer')).toBe(2)
  })
})
