import { parseFilters } from './filters.ts'
import { describe, expect, it } from 'vitest'
import { frappeErrorOf } from '@outpost/meta/testing'

const eq = (field: string, value: unknown, op = '='): object => ({ doctype: undefined, field, op, value })

describe('parseFilters: empty input', () => {
  it.each([undefined, null, '', '   ', '[]', '{}', [], {}])('%j gives no conditions', (raw) => {
    expect(parseFilters(raw)).toEqual([])
  })
})

describe('parseFilters: dict form', () => {
  it('reads a plain dict as = conditions, in key order', () => {
    expect(parseFilters({ status: 'Open', qty: 0 })).toEqual([eq('status', 'Open'), eq('qty', 0)])
  })

  it('reads the same dict from JSON text', () => {
    expect(parseFilters(' {"status":"Open","qty":0} ')).toEqual([eq('status', 'Open'), eq('qty', 0)])
  })

  it('reads [op, value] values (make_filter_tuple)', () => {
    expect(parseFilters({ modified: ['>', '2024-01-01 00:00:00'], status: ['in', ['A', 'B']], title: ['is', 'set'] })).toEqual([
      eq('modified', '2024-01-01 00:00:00', '>'),
      eq('status', ['A', 'B'], 'in'),
      eq('title', 'set', 'is'),
    ])
  })

  it('reads a list value whose first item is not an operator as "in"', () => {
    expect(parseFilters({ status: ['Open', 'Closed'] })).toEqual([eq('status', ['Open', 'Closed'], 'in')])
  })

  it('keeps null and object values for the SQL builder to judge', () => {
    expect(parseFilters({ title: null })).toEqual([eq('title', null)])
    expect(parseFilters('{"title":{"$ne":1}}')).toEqual([eq('title', { $ne: 1 })])
  })

  it('keeps a JSON "__proto__" key as a plain field name (no prototype pollution)', () => {
    const out = parseFilters('{"__proto__":{"polluted":1}}')
    expect(out).toEqual([eq('__proto__', { polluted: 1 })])
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })
})

describe('parseFilters: list form', () => {
  it('reads a list of 3-tuples', () => {
    expect(parseFilters([['status', '=', 'Open'], ['qty', '>', 5]])).toEqual([eq('status', 'Open'), eq('qty', 5, '>')])
  })

  it('reads a list of 3-tuples from JSON text', () => {
    expect(parseFilters('[["status","!=","Open"],["name","like","%A%"]]')).toEqual([eq('status', 'Open', '!='), eq('name', '%A%', 'like')])
  })

  it('reads 4-tuples with a doctype and truncates longer ones', () => {
    expect(parseFilters([['Item Row', 'item_code', '=', 'X'], ['Item Row', 'qty', '>', 1, 'ignored', 'too']])).toEqual([
      { doctype: 'Item Row', field: 'item_code', op: '=', value: 'X' },
      { doctype: 'Item Row', field: 'qty', op: '>', value: 1 },
    ])
  })

  it('reads a 2-tuple as =', () => {
    expect(parseFilters([['status', 'Open']])).toEqual([eq('status', 'Open')])
  })

  it('reads dicts inside a list', () => {
    expect(parseFilters([{ status: 'Open' }, ['qty', '<', 3]])).toEqual([eq('status', 'Open'), eq('qty', 3, '<')])
  })

  it('reads a single bare 3-tuple and 4-tuple without the outer list', () => {
    expect(parseFilters(['status', '=', 'Open'])).toEqual([eq('status', 'Open')])
    expect(parseFilters('["status","like","O%"]')).toEqual([eq('status', 'O%', 'like')])
    expect(parseFilters(['Item Row', 'qty', '>=', 2])).toEqual([{ doctype: 'Item Row', field: 'qty', op: '>=', value: 2 }])
  })

  it('reads a single bare tuple whose value is a list', () => {
    expect(parseFilters(['status', 'in', ['A', 'B']])).toEqual([eq('status', ['A', 'B'], 'in')])
    expect(parseFilters('["modified","between",["2024-01-01","2024-01-31"]]')).toEqual([eq('modified', ['2024-01-01', '2024-01-31'], 'between')])
  })

  it('parses a huge list of filters and a huge "in" list', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ['qty', '!=', i])
    const out = parseFilters(JSON.stringify(many))
    expect(out).toHaveLength(20_000)
    expect(out[19_999]).toEqual(eq('qty', 19_999, '!='))
    const values = Array.from({ length: 100_000 }, (_, i) => `N${i}`)
    expect(parseFilters({ name: ['in', values] })[0]?.value).toHaveLength(100_000)
  })
})

describe('parseFilters: operators', () => {
  it.each([
    ['LIKE', 'like'], ['  Not   Like ', 'not like'], ['NOT IN', 'not in'], ['Is', 'is'], ['==', '='], ['<>', '!='],
    [' >= ', '>='], ['Descendants Of (Inclusive)', 'descendants of (inclusive)'], ['not\tancestors\nof', 'not ancestors of'],
  ])('normalises %j to %j', (raw, op) => {
    expect(parseFilters([['name', raw, 'x']])[0]?.op).toBe(op)
  })

  it.each(['===', '=>', 'regexp', 'like;', '= 1 OR 1=1 --', 'in (select', '', 'is not', 'timespan'])('refuses operator %j', (op) => {
    const e = frappeErrorOf(() => parseFilters([['name', op, 'x']]))
    expect(e.excType).toBe('ValidationError')
    expect(e.message).toMatch(/^Operator must be one of =, !=/)
  })

  it.each([1, null, true, ['='], { op: '=' }])('refuses a non-string operator %j', (op) => {
    expect(frappeErrorOf(() => parseFilters([['name', op, 'x']])).excType).toBe('ValidationError')
  })
})

describe('parseFilters: malformed input', () => {
  it.each(['{status: "Open"}', '[["a","=",', "{'a':1}", 'status=Open', '[1,2,'])('refuses invalid JSON %j', (raw) => {
    const e = frappeErrorOf(() => parseFilters(raw))
    expect(e.excType).toBe('ValidationError')
    expect(e.message).toBe('Invalid filters: not valid JSON')
  })

  it('names or_filters in its message', () => {
    expect(frappeErrorOf(() => parseFilters('nope', 'or_filters')).message).toBe('Invalid or_filters: not valid JSON')
  })

  it.each([
    ['a number', 42], ['a JSON number', '42'], ['a JSON string', '"status"'], ['a boolean', true],
  ])('refuses %s as the whole filter', (_label, raw) => {
    expect(frappeErrorOf(() => parseFilters(raw)).excType).toBe('ValidationError')
  })

  it.each([
    ['a number field', [[1, '=', 'x']]],
    ['a null field', [[null, '=', 'x']]],
    ['an empty field', [['', '=', 'x']]],
    ['a list field', [[['name'], '=', 'x']]],
    ['an object field', [[{ a: 1 }, '=', 'x']]],
    ['a bare tuple with a number field', [7, '=', 'x']],
    ['a non-string 4-tuple doctype', [[{ t: 1 }, 'name', '=', 'x']]],
  ])('refuses %s', (_label, raw) => {
    expect(frappeErrorOf(() => parseFilters(raw)).excType).toBe('ValidationError')
  })

  it.each([
    ['a 1-tuple', [['status']]],
    ['an empty tuple', [[]]],
    ['nested lists', [[[['status', '=', 'x']]]]],
    ['a number among tuples', [['status', '=', 'x'], 5]],
    ['a string among tuples', [['status', '=', 'x'], 'name = name']],
    ['null among tuples', [['status', '=', 'x'], null]],
  ])('refuses %s', (_label, raw) => {
    expect(frappeErrorOf(() => parseFilters(raw)).excType).toBe('ValidationError')
  })

  it('refuses deeply nested garbage without overflowing the stack', () => {
    const deep = '['.repeat(5_000) + ']'.repeat(5_000)
    expect(frappeErrorOf(() => parseFilters(deep)).excType).toBe('ValidationError')
  })
})
