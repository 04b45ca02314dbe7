import { describe, expect, it } from 'vitest'
import { Schema } from './schema.ts'
import { validateLinks } from './validate-links.ts'
import { buildDocType } from './testing/build-doctype.ts'
import { frappeRejectionOf } from './testing/frappe-error-of.ts'
import { memoryResolvers } from './testing/memory-resolvers.ts'
import { SAMPLE_STORE, sampleOrder } from './testing/sample-docs.ts'
import { sampleSchema } from './testing/sample-schema.ts'

const schema = sampleSchema()
const order = schema.require('Test Order')

describe('validateLinks', () => {
  it('canonicalises Link values to the stored spelling, in parent and rows', async () => {
    const doc = sampleOrder(schema, { customer: 'acme LTD', items: [{ item: 'i1', qty: 1 }, { item: 'ITEM TWO', qty: 1 }] })
    await validateLinks(schema, order, doc, memoryResolvers(SAMPLE_STORE))
    expect(doc['customer']).toBe('Acme Ltd')
    expect((doc['items'] as Record<string, unknown>[]).map((r) => r['item'])).toEqual(['I1', 'Item Two'])
  })

  it('collects every missing target into one LinkValidationError', async () => {
    const doc = sampleOrder(schema, { customer: 'Nobody', items: [{ item: 'I1', qty: 1 }, { item: 'Ghost', qty: 1 }] })
    const e = await frappeRejectionOf(validateLinks(schema, order, doc, memoryResolvers(SAMPLE_STORE)))
    expect([e.excType, e.message]).toEqual(['LinkValidationError', 'Could not find Customer: Nobody, Row #2: Item: Ghost'])
    expect(e.httpStatus).toBe(417)
  })

  it('does not check links to doctypes that are not loaded, nor empty values', async () => {
    const resolvers = memoryResolvers(SAMPLE_STORE)
    const doc = sampleOrder(schema, { owner_user: 'someone@example.com', amended_from: '' })
    await validateLinks(schema, order, doc, resolvers)
    expect(doc['owner_user']).toBe('someone@example.com')
    expect(resolvers.linkCalls).toEqual(['Test Customer/C1', 'Test Item/I1'])
  })

  it('resolves a link to a Single to the doctype name without a lookup', async () => {
    const resolvers = memoryResolvers(SAMPLE_STORE)
    const doc = sampleOrder(schema, { settings: 'whatever' })
    await validateLinks(schema, order, doc, resolvers)
    expect(doc['settings']).toBe('Test Settings')
    expect(resolvers.linkCalls).not.toContain('Test Settings/whatever')
  })

  it('looks each distinct target up once', async () => {
    const resolvers = memoryResolvers(SAMPLE_STORE)
    const items = Array.from({ length: 50 }, () => ({ item: 'I1', qty: 1 }))
    await validateLinks(schema, order, sampleOrder(schema, { items }), resolvers)
    expect(resolvers.linkCalls.filter((c) => c === 'Test Item/I1')).toHaveLength(1)
  })

  describe('Dynamic Link', () => {
    it('uses the doctype named in the options field', async () => {
      const doc = sampleOrder(schema, { reference_type: 'Test Customer', reference_name: 'c1' })
      await validateLinks(schema, order, doc, memoryResolvers(SAMPLE_STORE))
      expect(doc['reference_name']).toBe('C1')
      const bad = sampleOrder(schema, { reference_type: 'Test Customer', reference_name: 'zz' })
      const e = await frappeRejectionOf(validateLinks(schema, order, bad, memoryResolvers(SAMPLE_STORE)))
      expect(e.message).toBe('Could not find Reference Name: zz')
    })

    it('wants the doctype field set first', async () => {
      const doc = sampleOrder(schema, { reference_type: '', reference_name: 'C1' })
      const e = await frappeRejectionOf(validateLinks(schema, order, doc, memoryResolvers(SAMPLE_STORE)))
      expect([e.excType, e.message]).toEqual(['ValidationError', 'Reference Type must be set first'])
    })

    it('keeps values whose doctype is not loaded', async () => {
      const doc = sampleOrder(schema, { reference_type: 'Lead', reference_name: 'LEAD-1' })
      await validateLinks(schema, order, doc, memoryResolvers(SAMPLE_STORE))
      expect(doc['reference_name']).toBe('LEAD-1')
    })
  })

  describe('cancelled targets', () => {
    it('refuses a cancelled target when both doctypes are submittable', async () => {
      const doc = sampleOrder(schema, { reference_type: 'Test Order', reference_name: 'ord-old' })
      const e = await frappeRejectionOf(validateLinks(schema, order, doc, memoryResolvers(SAMPLE_STORE)))
      expect([e.excType, e.message]).toEqual(['CancelledLinkError', 'Cannot link cancelled document: Reference Name: ord-old'])
    })

    it('lets amended_from point at a cancelled document, and drafts or submitted ones anywhere', async () => {
      const doc = sampleOrder(schema, { amended_from: 'ORD-OLD', reference_type: 'Test Order', reference_name: 'ORD-DRAFT' })
      await expect(validateLinks(schema, order, doc, memoryResolvers(SAMPLE_STORE))).resolves.toBeUndefined()
    })

    it('does not refuse cancelled targets from a non-submittable doctype', async () => {
      const memo = buildDocType('Memo', [{ fieldname: 'order', fieldtype: 'Link', label: 'Order', options: 'Test Order' }])
      const s = new Schema([...schema.all(), memo])
      await expect(validateLinks(s, memo, { order: 'ORD-OLD' }, memoryResolvers(SAMPLE_STORE))).resolves.toBeUndefined()
    })
  })

  it('refuses a Link field without options', async () => {
    const broken = buildDocType('Broken', [{ fieldname: 'x', fieldtype: 'Link', label: 'X' }])
    const e = await frappeRejectionOf(validateLinks(new Schema([broken]), broken, { x: 'y' }, memoryResolvers({})))
    expect(e.message).toBe('Options not set for link field x')
  })
})
