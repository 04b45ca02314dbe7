import { describe, expect, it } from 'vitest'
import { coerceDocument } from './coerce.ts'
import { applyDefaults } from './defaults.ts'
import { loadFixtureSchema } from './testing/fixture-schema.ts'
import { fixturesSkipReason, requireFixtures } from './testing/fixtures-dir.ts'
import { sampleSchema } from './testing/sample-schema.ts'

const ctx = { today: '2024-06-15', now: '2024-06-15 09:08:07.654321', user: 'jane@example.com' }

describe('applyDefaults on a hand-written doctype', () => {
  const schema = sampleSchema()
  const order = schema.require('Test Order')
  const fresh = applyDefaults(schema, order, coerceDocument(schema, order, { items: [{ item: 'I1' }] }), ctx)

  it('sets Today, now, __user, literal and numeric defaults', () => {
    expect(fresh).toMatchObject({
      order_date: '2024-06-15', created_at: '2024-06-15 09:08:07.654321', owner_user: 'jane@example.com',
      status: 'Draft', total: 0, owner: 'jane@example.com', docstatus: 0, idx: 0,
    })
  })

  it('gives a Select without default its first option, and Check fields 0', () => {
    expect(fresh['priority']).toBe('Low')
    expect(fresh['naming_series']).toBe('ORD-.YYYY.-')
    expect(fresh['is_paid']).toBe(0)
  })

  it('sets every Time field to the current time, as Frappe does', () => {
    expect(fresh['delivery_time']).toBe('09:08:07.654321')
  })

  it('gives the title field no static default, and leaves fields without default unset', () => {
    expect(fresh).not.toHaveProperty('title')
    expect(fresh).not.toHaveProperty('qty')
    expect(fresh).not.toHaveProperty('remarks')
  })

  it('fills child rows from the child doctype', () => {
    expect(fresh['items']).toEqual([expect.objectContaining({ item: 'I1', delivered: 1, owner: 'jane@example.com', docstatus: 0, idx: 1 })])
  })

  it('keeps values that are set, including "" and 0, and replaces null', () => {
    const doc = applyDefaults(schema, order, { status: '', total: 5, is_paid: 1, order_date: null, items: [{ delivered: 0 }] }, ctx)
    expect(doc).toMatchObject({ status: '', total: 5, is_paid: 1, order_date: '2024-06-15' })
    expect((doc['items'] as Record<string, unknown>[])[0]?.['delivered']).toBe(0)
  })

  it('returns a copy', () => {
    const doc = { items: [{ item: 'I1' }] }
    applyDefaults(schema, order, doc, ctx)
    expect(doc).toEqual({ items: [{ item: 'I1' }] })
  })
})

const dir = requireFixtures()
if (dir === undefined) {
  it.skip(fixturesSkipReason(), () => {})
} else {
  describe('applyDefaults on ERPNext fixtures', () => {
    const schema = loadFixtureSchema(dir)

    it('fills a new Sales Invoice as frappe.new_doc would', () => {
      const si = schema.require('Sales Invoice')
      const doc = applyDefaults(schema, si, coerceDocument(schema, si, { customer: 'ACME', items: [{ item_code: 'X', qty: 1 }] }), ctx)
      expect(doc).toMatchObject({
        naming_series: 'ACC-SINV-.YYYY.-', posting_date: '2024-06-15', posting_time: '09:08:07.654321',
        is_pos: 0, set_posting_time: 0, update_billed_amount_in_delivery_note: 1,
        apply_discount_on: 'Grand Total', status: 'Draft', is_opening: 'No',
      })
      expect(doc).not.toHaveProperty('title') // title_field: '{customer_name}' is not a static default
      const row = (doc['items'] as Record<string, unknown>[])[0]
      expect(row).toMatchObject({ item_code: 'X', qty: 1, is_free_item: 0, parentfield: 'items', idx: 1 })
      expect(row).not.toHaveProperty('cost_center') // ':Company' needs the database
    })

    it('gives Customer its Select defaults', () => {
      const customer = schema.require('Customer')
      const doc = applyDefaults(schema, customer, { customer_name: 'ACME' }, ctx)
      expect(doc).toMatchObject({ customer_type: 'Company', naming_series: 'CUST-.YYYY.-', disabled: 0 })
    })
  })
}
