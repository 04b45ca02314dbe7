import { describe, expect, it } from 'vitest'
import type { Doc } from './document.ts'
import { validateSetOnlyOnce, validateUpdateAfterSubmit } from './validate-submitted.ts'
import { Schema } from './schema.ts'
import { buildDocType } from './testing/build-doctype.ts'
import { frappeErrorOf } from './testing/frappe-error-of.ts'
import { sampleOrder } from './testing/sample-docs.ts'
import { sampleSchema } from './testing/sample-schema.ts'

const schema = sampleSchema()
const order = schema.require('Test Order')

const stored = sampleOrder(schema, {
  docstatus: 1, total: 100, remarks: 'old', delivery_time: '9:00:00', meta_json: { a: 1 },
  items: [{ name: 'row1', item: 'I1', qty: 1, comment: 'c' }],
  order_notes: [{ name: 'n1', note: 'hello', pinned: 0 }],
})

function edited(extra: Record<string, unknown>): Doc {
  return sampleOrder(schema, {
    docstatus: 1, total: 100, remarks: 'old', delivery_time: '09:00:00', meta_json: { a: 1 },
    items: [{ name: 'row1', item: 'I1', qty: 1, comment: 'c' }],
    order_notes: [{ name: 'n1', note: 'hello', pinned: 0 }],
    ...extra,
  })
}

describe('update after submit', () => {
  it('accepts an unchanged document (same values in other spellings)', () => {
    expect(() => validateUpdateAfterSubmit(schema, order, edited({ total: '100.0' }), stored)).not.toThrow()
  })

  it('accepts changes to allow_on_submit fields, parent and rows', () => {
    const doc = edited({ remarks: 'new', items: [{ name: 'row1', item: 'I1', qty: 1, comment: 'changed' }], order_notes: [{ name: 'n1', note: 'hello', pinned: 1 }] })
    expect(() => validateUpdateAfterSubmit(schema, order, doc, stored)).not.toThrow()
  })

  it('refuses other parent fields, showing old and new values as Python prints them', () => {
    const e = frappeErrorOf(() => validateUpdateAfterSubmit(schema, order, edited({ total: 120 }), stored))
    expect(e.excType).toBe('UpdateAfterSubmitError')
    expect(e.message).toBe(' Not allowed to change <strong>Total</strong> after submission from <strong>100.0</strong> to <strong>120.0</strong>')
    expect(e.messages[0]?.title).toBe('Cannot Update After Submit')
    const cleared = frappeErrorOf(() => validateUpdateAfterSubmit(schema, order, edited({ customer: null }), stored))
    expect(cleared.message).toBe(' Not allowed to change <strong>Customer</strong> after submission from <strong>C1</strong> to <strong>None</strong>')
  })

  it('refuses a changed row field that is not allow_on_submit', () => {
    const e = frappeErrorOf(() => validateUpdateAfterSubmit(schema, order, edited({ items: [{ name: 'row1', item: 'I1', qty: 2, comment: 'c' }] }), stored))
    expect(e.message).toBe('Row #1: Not allowed to change <strong>Qty</strong> after submission from <strong>1.0</strong> to <strong>2.0</strong>')
  })

  it('refuses added or removed rows in a table without allow_on_submit', () => {
    const added = edited({ items: [{ name: 'row1', item: 'I1', qty: 1, comment: 'c' }, { item: 'I1', qty: 1 }] })
    expect(frappeErrorOf(() => validateUpdateAfterSubmit(schema, order, added, stored)).message)
      .toBe(' Not allowed to change <strong>Items</strong> after submission from <strong>1</strong> to <strong>2</strong>')
    const swapped = edited({ items: [{ name: 'row9', item: 'I1', qty: 1 }] })
    expect(frappeErrorOf(() => validateUpdateAfterSubmit(schema, order, swapped, stored)).message)
      .toBe('Row #1: Not allowed to change <strong>Item</strong> after submission from <strong>None</strong> to <strong>I1</strong>')
  })

  it('lets new rows into an allow_on_submit table, and lets rows go', () => {
    const doc = edited({ order_notes: [{ name: 'n1', note: 'hello' }, { note: 'new row' }] })
    expect(() => validateUpdateAfterSubmit(schema, order, doc, stored)).not.toThrow()
    expect(() => validateUpdateAfterSubmit(schema, order, edited({ order_notes: [] }), stored)).not.toThrow()
  })

  it('still locks non-allow_on_submit fields of stored rows in an allow_on_submit table', () => {
    const doc = edited({ order_notes: [{ name: 'n1', note: 'edited' }] })
    expect(frappeErrorOf(() => validateUpdateAfterSubmit(schema, order, doc, stored)).message)
      .toBe('Row #1: Not allowed to change <strong>Note</strong> after submission from <strong>hello</strong> to <strong>edited</strong>')
  })

  it('compares JSON values deeply', () => {
    expect(frappeErrorOf(() => validateUpdateAfterSubmit(schema, order, edited({ meta_json: { a: 2 } }), stored)).excType).toBe('UpdateAfterSubmitError')
  })
})

describe('set_only_once', () => {
  const saved = sampleOrder(schema, { company_code: 'ACME' })

  it('accepts the same value, and a first value on insert (no previous)', () => {
    expect(() => validateSetOnlyOnce(schema, order, sampleOrder(schema, { company_code: 'ACME' }), saved)).not.toThrow()
  })

  it('refuses a change with CannotChangeConstantError', () => {
    const e = frappeErrorOf(() => validateSetOnlyOnce(schema, order, sampleOrder(schema, { company_code: 'OTHER' }), saved))
    expect([e.excType, e.message]).toEqual(['CannotChangeConstantError', 'Value cannot be changed for Company Code'])
    const series = frappeErrorOf(() => validateSetOnlyOnce(schema, order, sampleOrder(schema, { company_code: 'ACME', naming_series: 'ORD-RET-.YYYY.-' }), saved))
    expect(series.message).toBe('Value cannot be changed for Series')
  })

  it('compares a set_only_once table row by row', () => {
    const line = buildDocType('Line', [{ fieldname: 'code', fieldtype: 'Data', label: 'Code' }], { istable: 1 })
    const contract = buildDocType('Contract', [{ fieldname: 'lines', fieldtype: 'Table', label: 'Lines', options: 'Line', set_only_once: 1 }])
    const s2 = new Schema([line, contract])
    const before = { lines: [{ name: 'l1', code: 'A', modified: '1' }] }
    expect(() => validateSetOnlyOnce(s2, contract, { lines: [{ name: 'l1', code: 'A', modified: '2', docstatus: 1 }] }, before)).not.toThrow()
    const e = frappeErrorOf(() => validateSetOnlyOnce(s2, contract, { lines: [{ name: 'l1', code: 'B' }] }, before))
    expect(e.message).toBe('Value cannot be changed for Lines')
    expect(() => validateSetOnlyOnce(s2, contract, { lines: [] }, before)).toThrow('Value cannot be changed for Lines')
  })
})
