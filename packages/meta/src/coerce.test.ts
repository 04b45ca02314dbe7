import { describe, expect, it } from 'vitest'
import { coerceDocument, unknownFields } from './coerce.ts'
import { frappeErrorOf } from './testing/frappe-error-of.ts'
import { sampleSchema } from './testing/sample-schema.ts'

const schema = sampleSchema()
const order = schema.require('Test Order')

function coerce(input: Record<string, unknown>, options?: { allowUnknownFields?: boolean }): Record<string, unknown> {
  return coerceDocument(schema, order, input, options)
}

describe('coerceDocument: numbers and checks', () => {
  it.each([
    ['qty', '12', 12], ['qty', 7, 7], ['qty', null, 0], ['qty', '', 0], ['qty', ' -3 ', -3], ['qty', '4.0', 4],
    ['big_count', null, null], ['big_count', '9007199254740991', 9007199254740991],
    ['total', '12.50', 12.5], ['total', null, 0], ['total', '1e3', 1000], ['discount', '', 0], ['rate', -0, 0],
    ['rating', null, null], ['rating', '0.8', 0.8],
    ['is_paid', '1', 1], ['is_paid', true, 1], ['is_paid', false, 0], ['is_paid', null, 0], ['is_paid', '0', 0], ['is_paid', 1, 1],
  ])('%s: %j → %j', (field, input, out) => {
    expect(coerce({ [field]: input })[field]).toBe(out)
  })

  it.each([
    ['qty', 'abc', 'Value for Quantity must be a whole number, not "abc"'],
    ['qty', 1.5, 'Value for Quantity must be a whole number, not 1.5'],
    ['qty', '1.5', 'Value for Quantity must be a whole number, not "1.5"'],
    ['qty', true, 'Value for Quantity must be a whole number, not true'],
    ['total', '1,000', 'Value for Total must be a number, not "1,000"'],
    ['total', 'NaN', 'Value for Total must be a number, not "NaN"'],
    ['total', Number.POSITIVE_INFINITY, 'Value for Total must be a number, not Infinity'],
    ['rate', { value: 1 }, 'Value for Rate must be a number, not an object'],
    ['is_paid', 2, 'Value for Is Paid must be 0 or 1, not 2'],
    ['is_paid', 'yes', 'Value for Is Paid must be 0 or 1, not "yes"'],
  ])('%s rejects %j with FrappeTypeError', (field, input, message) => {
    const e = frappeErrorOf(() => coerce({ [field]: input }))
    expect(e.excType).toBe('FrappeTypeError')
    expect(e.httpStatus).toBe(417)
    expect(e.message).toBe(message)
  })
})

describe('coerceDocument: dates, times, JSON, text', () => {
  it.each([
    ['order_date', '2024-03-01', '2024-03-01'], ['order_date', '2024-03-01 10:00:00', '2024-03-01'], ['order_date', '', null],
    ['created_at', '2024-03-01T10:20:30', '2024-03-01 10:20:30'], ['created_at', '2024-03-01 10:20:30.25', '2024-03-01 10:20:30.250000'],
    ['delivery_time', '9:30', '09:30:00'], ['delivery_time', null, null],
  ])('%s: %j → %j', (field, input, out) => {
    expect(coerce({ [field]: input })[field]).toBe(out)
  })

  it('rejects an invalid date with ValidationError naming field and value', () => {
    const e = frappeErrorOf(() => coerce({ order_date: '2024-02-30' }))
    expect(e.excType).toBe('ValidationError')
    expect(e.message).toBe('Value for Order Date must be a date (YYYY-MM-DD), not "2024-02-30"')
    expect(e.messages[0]?.title).toBe('Invalid Date')
    expect(frappeErrorOf(() => coerce({ created_at: '2024-01-01T10:00:00Z' })).excType).toBe('ValidationError')
    expect(frappeErrorOf(() => coerce({ delivery_time: 930 })).excType).toBe('FrappeTypeError')
  })

  it('keeps JSON objects and arrays as copies, and parses JSON strings', () => {
    const value = { a: [1, { b: 2 }] }
    const out = coerce({ meta_json: value })
    expect(out['meta_json']).toEqual(value)
    expect(out['meta_json']).not.toBe(value)
    expect(coerce({ meta_json: '{"x":[1,2]}' })['meta_json']).toEqual({ x: [1, 2] })
    expect(coerce({ meta_json: [1, 2] })['meta_json']).toEqual([1, 2])
    expect(coerce({ meta_json: '' })['meta_json']).toBeNull()
    const e = frappeErrorOf(() => coerce({ meta_json: '{nope' }))
    expect([e.excType, e.message]).toEqual(['ValidationError', 'Value for Meta must be valid JSON, not "{nope"'])
  })

  it('keeps text, turns numbers into strings, keeps "" and null', () => {
    expect(coerce({ remarks: 'hello', short_code: 42, title: '', reference_type: null })).toMatchObject({ remarks: 'hello', short_code: '42', title: '', reference_type: null })
    expect(coerce({ external_ref: '   ' })['external_ref']).toBeNull()
  })

  it.each([
    ['customer', { name: 'x' }, 'FrappeTypeError', 'Value for Customer must be text, not an object'],
    ['remarks', true, 'FrappeTypeError', 'Value for Remarks must be text, not true'],
    ['remarks', ['a'], 'ValidationError', 'Value for Remarks cannot be a list'],
    ['qty', [1], 'ValidationError', 'Value for Quantity cannot be a list'],
  ])('%s rejects %j', (field, input, excType, message) => {
    const e = frappeErrorOf(() => coerce({ [field]: input }))
    expect([e.excType, e.message]).toEqual([excType, message])
  })

  it('clips huge values in messages but keeps huge strings as data', () => {
    const huge = 'x'.repeat(1_000_000)
    expect(coerce({ remarks: huge })['remarks']).toBe(huge)
    const e = frappeErrorOf(() => coerce({ total: huge }))
    expect(e.excType).toBe('FrappeTypeError')
    expect(e.message.length).toBeLessThan(1100)
    expect(e.message).toContain('…')
  })
})

describe('coerceDocument: child tables', () => {
  const input = {
    name: 'ORD-0001', docstatus: '0', customer: 'C1',
    items: [{ item: 'I1', qty: '2', idx: 9 }, { item: 'I2', qty: 3, name: 'row2', junk: 1 }],
  }

  it('coerces rows with the child doctype and stamps parent, parentfield, parenttype, idx, doctype, docstatus', () => {
    const out = coerce(input)
    expect(out['docstatus']).toBe(0)
    expect(out['items']).toEqual([
      { item: 'I1', qty: 2, idx: 1, doctype: 'Test Order Item', parentfield: 'items', parenttype: 'Test Order', parent: 'ORD-0001', docstatus: 0 },
      { item: 'I2', qty: 3, name: 'row2', idx: 2, doctype: 'Test Order Item', parentfield: 'items', parenttype: 'Test Order', parent: 'ORD-0001', docstatus: 0 },
    ])
  })

  it('does not touch its input', () => {
    const frozen = JSON.parse(JSON.stringify(input)) as Record<string, unknown>
    coerce(frozen)
    expect(frozen).toEqual(input)
  })

  it('turns null into an empty table and rejects other non-lists', () => {
    expect(coerce({ items: null })['items']).toEqual([])
    const e = frappeErrorOf(() => coerce({ items: { item: 'I1' } }))
    expect([e.excType, e.message]).toEqual(['FrappeTypeError', 'Value for Items must be a list of rows, not an object'])
    const row = frappeErrorOf(() => coerce({ items: ['I1'] }))
    expect([row.excType, row.message]).toEqual(['FrappeTypeError', 'Items Row #1: a row must be an object, not "I1"'])
  })

  it('names the row in type errors inside a table', () => {
    const e = frappeErrorOf(() => coerce({ items: [{ qty: 1 }, { qty: 'many' }] }))
    expect(e.message).toBe('Items Row #2: Value for Qty must be a number, not "many"')
  })

  it('keeps rows of a child doctype that is not loaded as plain data', () => {
    const out = coerce({ missing_rows: [{ anything: { deep: 1 }, __proto__x: 1 }] })
    expect(out['missing_rows']).toEqual([{ anything: { deep: 1 }, __proto__x: 1, doctype: 'Not Loaded Child', parentfield: 'missing_rows', parenttype: 'Test Order', idx: 1 }])
  })
})

describe('coerceDocument: standard and unknown fields', () => {
  const input = {
    name: 'X', owner: 'a@b.c', creation: '2024-01-01 00:00:00', modified: '2024-01-01 00:00:00.123456', modified_by: 'a@b.c',
    docstatus: 1, idx: '3', doctype: 'Something Else', __islocal: 1, __unsaved: 1, __newname: 'N', _user_tags: ',a', _comments: '[]',
    _assign: '[]', _liked_by: '[]', _seen: '[]', outpost_id: 'u-1', sb1: 'layout', no_such_field: 1, customer: 'C1',
  }

  it('keeps standard fields, sets doctype, drops unknown keys and layout fields', () => {
    const out = coerce(input)
    const { sb1: _sb1, no_such_field: _nsf, ...kept } = input
    expect(out).toEqual({ ...kept, idx: 3, doctype: 'Test Order' })
  })

  it('lists the keys it drops', () => {
    expect(unknownFields(order, input)).toEqual(['sb1', 'no_such_field'])
  })

  it('keeps unknown keys when allowUnknownFields is true', () => {
    expect(coerce({ no_such_field: { a: 1 } }, { allowUnknownFields: true })['no_such_field']).toEqual({ a: 1 })
  })

  it.each([['docstatus', 'one'], ['idx', 1.5], ['owner', 5], ['name', { a: 1 }], ['__islocal', 'yes']])('rejects %s = %j', (key, value) => {
    expect(frappeErrorOf(() => coerce({ [key]: value })).excType).toBe('FrappeTypeError')
  })

  it('keeps numeric names (autoincrement)', () => {
    expect(coerce({ name: 42 })['name']).toBe(42)
  })

  it('rejects a non-object document', () => {
    const e = frappeErrorOf(() => coerceDocument(schema, order, [] as unknown as Record<string, unknown>))
    expect([e.excType, e.message]).toEqual(['FrappeTypeError', 'A Test Order document must be an object, not a list'])
  })
})

describe('coerceDocument: prototype pollution', () => {
  const payload = '{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}, "prototype": 3, "customer": "C1",' +
    ' "meta_json": {"__proto__": {"polluted": 4}}, "items": [{"__proto__": {"polluted": 5}, "item": "I1", "qty": 1}]}'

  it('never reaches a prototype, with or without unknown fields', () => {
    for (const allowUnknownFields of [false, true]) {
      const out = coerce(JSON.parse(payload) as Record<string, unknown>, { allowUnknownFields })
      expect(Object.getPrototypeOf(out)).toBe(Object.prototype)
      expect(Object.hasOwn(out, '__proto__')).toBe(false)
      expect((out as { polluted?: unknown }).polluted).toBeUndefined()
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
      const row = (out['items'] as Record<string, unknown>[])[0]
      expect(row && Object.getPrototypeOf(row)).toBe(Object.prototype)
      expect(row && Object.hasOwn(row, '__proto__')).toBe(false)
      const json = out['meta_json'] as Record<string, unknown>
      expect(Object.getPrototypeOf(json)).toBe(Object.prototype)
      expect((json as { polluted?: unknown }).polluted).toBeUndefined()
    }
  })

  it('keeps constructor / prototype only as plain own data when unknown fields are allowed', () => {
    const out = coerce(JSON.parse(payload) as Record<string, unknown>, { allowUnknownFields: true })
    expect(Object.getOwnPropertyDescriptor(out, 'constructor')?.value).toEqual({ prototype: { polluted: 2 } })
    expect(out['prototype']).toBe(3)
    expect(Object.hasOwn(coerce(JSON.parse(payload) as Record<string, unknown>), 'constructor')).toBe(false)
    expect(unknownFields(order, JSON.parse(payload) as Record<string, unknown>)).toEqual(['__proto__', 'constructor', 'prototype'])
  })
})
