import { describe, expect, it } from 'vitest'
import { validateMandatory } from './validate-mandatory.ts'
import { frappeErrorOf } from './testing/frappe-error-of.ts'
import { sampleOrder } from './testing/sample-docs.ts'
import { sampleSchema } from './testing/sample-schema.ts'
import { buildDocType } from './testing/build-doctype.ts'
import { Schema } from './schema.ts'

const schema = sampleSchema()
const order = schema.require('Test Order')

describe('validateMandatory', () => {
  it('accepts a complete document; 0 counts as a value', () => {
    expect(() => validateMandatory(schema, order, sampleOrder(schema, { items: [{ item: 'I1', qty: 0, parent: 'ORD-0001' }] }))).not.toThrow()
  })

  it('lists every missing field of parent and rows, one message each, in Frappe\'s texts', () => {
    const doc = sampleOrder(schema, { customer: '  ', order_date: null, items: [{ item: 'I1', qty: 1 }, { qty: 2 }] })
    const e = frappeErrorOf(() => validateMandatory(schema, order, doc))
    expect(e.excType).toBe('MandatoryError')
    expect(e.message).toBe('[Test Order, ORD-0001]: customer, order_date, item')
    expect(e.messages).toEqual([
      { message: 'Error: Value missing for Test Order: Customer' },
      { message: 'Error: Value missing for Test Order: Order Date' },
      { message: 'Error: <strong>Test Order Item</strong> Row #2: Value missing for: Item' },
    ])
  })

  it('treats an empty required table as missing', () => {
    const e = frappeErrorOf(() => validateMandatory(schema, order, sampleOrder(schema, { items: [] })))
    expect(e.message).toBe('[Test Order, ORD-0001]: items')
    expect(e.messages).toEqual([{ message: 'Error: Data missing in table: Items' }])
  })

  it('prints None for a document without a name, and wants parent / parenttype on rows', () => {
    const doc = sampleOrder(schema, { name: undefined })
    const e = frappeErrorOf(() => validateMandatory(schema, order, doc))
    expect(e.message).toBe('[Test Order, None]: parent')
    expect(e.messages).toEqual([{ message: 'Error: <strong>Test Order Item</strong> Row #1: Value missing for: parent' }])
  })

  it('strips HTML before deciding; an <img> is content only in rich text', () => {
    const note = buildDocType('Note', [
      { fieldname: 'body', fieldtype: 'Text Editor', label: 'Body', reqd: 1 },
      { fieldname: 'plain', fieldtype: 'Data', label: 'Plain', reqd: 1 },
    ])
    const s = new Schema([note])
    expect(() => validateMandatory(s, note, { body: '<p><img src="x.png"></p>', plain: '<b>x</b>' })).not.toThrow()
    const e = frappeErrorOf(() => validateMandatory(s, note, { body: '<p> </p>', plain: '<img src="x.png">' }))
    expect(e.message).toBe('[Note, None]: body, plain')
  })
})
