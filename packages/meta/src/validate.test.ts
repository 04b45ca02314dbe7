import { describe, expect, it } from 'vitest'
import type { Doc } from './document.ts'
import { validateDocument } from './validate.ts'
import { frappeRejectionOf } from './testing/frappe-error-of.ts'
import { memoryResolvers } from './testing/memory-resolvers.ts'
import { SAMPLE_STORE, sampleOrder } from './testing/sample-docs.ts'
import { sampleSchema } from './testing/sample-schema.ts'

const schema = sampleSchema()
const order = schema.require('Test Order')
const resolvers = memoryResolvers(SAMPLE_STORE)

function submitted(extra: Record<string, unknown> = {}): Doc {
  return sampleOrder(schema, { docstatus: 1, remarks: 'r', ...extra })
}

describe('validateDocument', () => {
  it('returns a copy with canonical links and stripped selects, leaving the input alone', async () => {
    const doc = sampleOrder(schema, { customer: 'acme ltd', status: ' Draft', items: [{ name: 'row1', item: 'item two', qty: 1 }] })
    const before = structuredClone(doc)
    const out = await validateDocument(schema, order, doc, resolvers, { action: 'insert' })
    expect(out).toMatchObject({ customer: 'Acme Ltd', status: 'Draft', items: [{ item: 'Item Two' }] })
    expect(doc).toEqual(before)
  })

  it('accepts a document inserted as submitted', async () => {
    await expect(validateDocument(schema, order, sampleOrder(schema, { docstatus: 1 }), resolvers, { action: 'submit' })).resolves.toBeDefined()
    await expect(validateDocument(schema, order, sampleOrder(schema, { docstatus: 1 }), resolvers, { action: 'insert' })).resolves.toBeDefined()
  })

  it('checks links before mandatory fields, as Frappe does', async () => {
    const doc = sampleOrder(schema, { customer: 'Nobody', order_date: null })
    expect((await frappeRejectionOf(validateDocument(schema, order, doc, resolvers, { action: 'insert' }))).excType).toBe('LinkValidationError')
    const fixed = sampleOrder(schema, { order_date: null })
    expect((await frappeRejectionOf(validateDocument(schema, order, fixed, resolvers, { action: 'insert' }))).excType).toBe('MandatoryError')
  })

  it('runs field rules on parent and rows', async () => {
    const doc = sampleOrder(schema, { items: [{ item: 'I1', qty: -1 }] })
    expect((await frappeRejectionOf(validateDocument(schema, order, doc, resolvers, { action: 'insert' }))).excType).toBe('NonNegativeError')
    const long = sampleOrder(schema, { short_code: 'toolong' })
    expect((await frappeRejectionOf(validateDocument(schema, order, long, resolvers, { action: 'insert' }))).excType).toBe('CharacterLengthExceededError')
  })

  it('checks unique values last', async () => {
    const doc = sampleOrder(schema, { external_ref: 'EXT-1' })
    expect((await frappeRejectionOf(validateDocument(schema, order, doc, resolvers, { action: 'insert' }))).excType).toBe('UniqueValidationError')
    await expect(validateDocument(schema, order, sampleOrder(schema, { name: 'ORD-DRAFT', external_ref: 'EXT-1' }), resolvers, {
      action: 'save', previous: sampleOrder(schema, { name: 'ORD-DRAFT', external_ref: 'EXT-1' }),
    })).resolves.toBeDefined()
  })

  it('enforces set_only_once on save', async () => {
    const previous = sampleOrder(schema, { company_code: 'A' })
    const e = await frappeRejectionOf(validateDocument(schema, order, sampleOrder(schema, { company_code: 'B' }), resolvers, { action: 'save', previous }))
    expect(e.excType).toBe('CannotChangeConstantError')
  })

  describe('actions and docstatus', () => {
    it.each([
      ['save', 0, 1, 'Cannot save a docstatus change from 0 (Draft) to 1 (Submitted)'],
      ['submit', 0, 0, 'Cannot submit a docstatus change from 0 (Draft) to 0 (Draft)'],
      ['update_after_submit', 1, 2, 'Cannot update after submit a docstatus change from 1 (Submitted) to 2 (Cancelled)'],
      ['cancel', 1, 1, 'Cannot cancel a docstatus change from 1 (Submitted) to 1 (Submitted)'],
    ] as const)('refuses action %s for %s → %s', async (action, from, to, message) => {
      const e = await frappeRejectionOf(validateDocument(schema, order, submitted({ docstatus: to }), resolvers, { action, previous: submitted({ docstatus: from }) }))
      expect([e.excType, e.message]).toEqual(['DocstatusTransitionError', message])
    })

    it('refuses insert with a previous document, and Frappe\'s invalid transitions', async () => {
      const existing = await frappeRejectionOf(validateDocument(schema, order, sampleOrder(schema), resolvers, { action: 'insert', previous: sampleOrder(schema) }))
      expect(existing.message).toBe('Cannot insert an existing document')
      const cancelNew = await frappeRejectionOf(validateDocument(schema, order, submitted({ docstatus: 2 }), resolvers, { action: 'cancel' }))
      expect(cancelNew.message).toBe('Cannot change docstatus from 0 (Draft) to 2 (Cancelled)')
      const unsubmit = await frappeRejectionOf(validateDocument(schema, order, sampleOrder(schema), resolvers, { action: 'save', previous: submitted() }))
      expect(unsubmit.message).toBe('Cannot change docstatus from 1 (Submitted) to 0 (Draft)')
      const cancelled = await frappeRejectionOf(validateDocument(schema, order, submitted({ docstatus: 2 }), resolvers, { action: 'cancel', previous: submitted({ docstatus: 2 }) }))
      expect([cancelled.excType, cancelled.message]).toEqual(['ValidationError', 'Cannot edit cancelled document'])
      const uncoerced = await frappeRejectionOf(validateDocument(schema, order, { ...sampleOrder(schema), docstatus: '1' }, resolvers, { action: 'insert' }))
      expect([uncoerced.excType, uncoerced.message]).toEqual(['ValidationError', 'Invalid docstatus'])
    })

    it('on cancel skips links and field rules, but refuses edits (stricter than Frappe)', async () => {
      const calls = memoryResolvers({})
      const previous = submitted({ customer: 'Gone', items: [{ name: 'row1', item: 'Gone', qty: 1 }] })
      const doc = submitted({ docstatus: 2, customer: 'Gone', items: [{ name: 'row1', item: 'Gone', qty: 1 }] })
      await expect(validateDocument(schema, order, doc, calls, { action: 'cancel', previous })).resolves.toMatchObject({ docstatus: 2 })
      expect(calls.linkCalls).toEqual([])
      const edited = submitted({ docstatus: 2, customer: 'Other', items: [{ name: 'row1', item: 'Gone', qty: 1 }] })
      expect((await frappeRejectionOf(validateDocument(schema, order, edited, calls, { action: 'cancel', previous }))).excType).toBe('UpdateAfterSubmitError')
    })

    it('on update after submit allows allow_on_submit fields and still validates', async () => {
      const previous = submitted()
      await expect(validateDocument(schema, order, submitted({ remarks: 'changed' }), resolvers, { action: 'update_after_submit', previous })).resolves.toMatchObject({ remarks: 'changed' })
      const e = await frappeRejectionOf(validateDocument(schema, order, submitted({ rate: 5 }), resolvers, { action: 'update_after_submit', previous }))
      expect(e.excType).toBe('UpdateAfterSubmitError')
      const missing = await frappeRejectionOf(validateDocument(schema, order, submitted({ order_date: null }), resolvers, { action: 'update_after_submit', previous: submitted({ order_date: null }) }))
      expect(missing.excType).toBe('MandatoryError')
    })
  })
})
