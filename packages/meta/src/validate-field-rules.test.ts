import { describe, expect, it } from 'vitest'
import { docParts, type DocPart } from './doc-parts.ts'
import type { Doc } from './document.ts'
import { validateLength } from './validate-length.ts'
import { validateNonNegative } from './validate-non-negative.ts'
import { validateSelects } from './validate-select.ts'
import { buildDocType } from './testing/build-doctype.ts'
import { frappeErrorOf } from './testing/frappe-error-of.ts'
import { sampleOrder } from './testing/sample-docs.ts'
import { sampleSchema } from './testing/sample-schema.ts'

const schema = sampleSchema()
const order = schema.require('Test Order')

function parts(extra: Record<string, unknown>): DocPart[] {
  return docParts(schema, order, sampleOrder(schema, extra))
}

function runAll(rule: (part: DocPart) => void, extra: Record<string, unknown>): Doc {
  const all = parts(extra)
  for (const part of all) rule(part)
  return all[0]?.doc ?? {}
}

describe('Select options', () => {
  it('accepts options, empty values and strips what it accepts', () => {
    const doc = runAll(validateSelects, { status: ' Submitted ', priority: '', items: [{ item: 'I1', qty: 1, uom: 'Kg' }] })
    expect(doc['status']).toBe('Submitted')
  })

  it('does not check naming_series', () => {
    expect(() => runAll(validateSelects, { naming_series: 'ANY-.####' })).not.toThrow()
  })

  it('refuses a value outside the options, with Frappe\'s text', () => {
    const e = frappeErrorOf(() => runAll(validateSelects, { priority: 'Urgent' }))
    expect([e.excType, e.message]).toEqual(['ValidationError', ' Priority cannot be "Urgent". It should be one of "Low", "Medium", "High"'])
    const empty = frappeErrorOf(() => runAll(validateSelects, { status: 'Open' }))
    expect(empty.message).toBe(' Status cannot be "Open". It should be one of "", "Draft", "Submitted", "Cancelled"')
  })

  it('prefixes the row in child tables', () => {
    const e = frappeErrorOf(() => runAll(validateSelects, { items: [{ item: 'I1', qty: 1 }, { item: 'I1', qty: 1, uom: 'Box' }] }))
    expect(e.message).toBe('Row #2: UOM cannot be "Box". It should be one of "Nos", "Kg"')
  })
})

describe('non_negative', () => {
  it('accepts 0 and positive values, and does not check Percent', () => {
    expect(() => runAll(validateNonNegative, { qty: 0, total: 5, discount: -5 })).not.toThrow()
  })

  it('refuses a negative Int or Currency', () => {
    const e = frappeErrorOf(() => runAll(validateNonNegative, { total: -0.01 }))
    expect([e.excType, e.message, e.messages[0]?.title]).toEqual(['NonNegativeError', 'Value cannot be negative for Test Order: <strong>Total</strong>', 'Negative Value'])
    expect(frappeErrorOf(() => runAll(validateNonNegative, { qty: -1 })).message).toBe('Value cannot be negative for Test Order: <strong>Quantity</strong>')
  })

  it('names the row of a negative child value', () => {
    const e = frappeErrorOf(() => runAll(validateNonNegative, { items: [{ item: 'I1', qty: 1 }, { item: 'I1', qty: -2 }] }))
    expect(e.message).toBe('<strong>Test Order Item</strong> Row #2: Value cannot be negative for <strong>Qty</strong>')
  })
})

describe('length', () => {
  it('allows 140 characters by default and the field\'s own length', () => {
    expect(() => runAll(validateLength, { external_ref: 'x'.repeat(140), short_code: '12345' })).not.toThrow()
  })

  it('counts characters as Python does (code points), not UTF-16 units', () => {
    expect(() => runAll(validateLength, { short_code: '😀😀😀😀😀' })).not.toThrow()
    expect(() => runAll(validateLength, { short_code: '😀😀😀😀😀😀' })).toThrow()
  })

  it('refuses longer values with CharacterLengthExceededError', () => {
    const e = frappeErrorOf(() => runAll(validateLength, { short_code: '123456' }))
    expect(e.excType).toBe('CharacterLengthExceededError')
    expect(e.message).toBe("Test Order ORD-0001: 'Short Code' (123456) will get truncated, as max characters allowed is 5")
    expect(e.messages[0]?.title).toBe('Value too big')
  })

  it('refuses a huge string and keeps the message readable', () => {
    const e = frappeErrorOf(() => runAll(validateLength, { customer: 'x'.repeat(5_000_000) }))
    expect(e.message.startsWith("Test Order ORD-0001: 'Customer' (xxx")).toBe(true)
    expect(e.message.endsWith('…) will get truncated, as max characters allowed is 140')).toBe(true)
    expect(e.message.length).toBeLessThan(1200)
  })

  it('does not limit text columns (Small Text, Attach)', () => {
    expect(() => runAll(validateLength, { remarks: 'x'.repeat(10_000), attachment: `/files/${'x'.repeat(500)}` })).not.toThrow()
  })

  it('refuses integers beyond the column range', () => {
    expect(() => runAll(validateLength, { qty: 2 ** 31 - 1, big_count: 2 ** 40 })).not.toThrow()
    const e = frappeErrorOf(() => runAll(validateLength, { qty: 2 ** 31 }))
    expect(e.message).toBe("Test Order ORD-0001: 'Quantity' (2147483648) will get truncated, as max characters allowed is 2147483647")
  })

  it('names the child row', () => {
    const e = frappeErrorOf(() => runAll(validateLength, { items: [{ item: 'I1', qty: 1, serial: 's'.repeat(141) }] }))
    expect(e.message).toMatch(/^Test Order Item, Row 1: 'Serial' \(s+\) will get truncated, as max characters allowed is 140$/)
  })

  it('skips Single doctypes', () => {
    const single = buildDocType('Cfg', [{ fieldname: 'x', fieldtype: 'Data', label: 'X' }], { issingle: 1 })
    expect(() => validateLength({ doctype: single, doc: { x: 'y'.repeat(500) }, row: undefined })).not.toThrow()
  })
})
