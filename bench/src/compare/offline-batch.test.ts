import { describe, expect, it } from 'vitest'
import { offlineBatch, qtyViolation, serverChangeTargets } from './offline-batch.ts'
import { testFacts } from './test-facts.ts'

describe('offlineBatch', () => {
  it('is the same batch every time for the same tag', () => {
    expect(offlineBatch(testFacts(), 'T', 300, true)).toEqual(offlineBatch(testFacts(), 'T', 300, true))
  })

  it('makes 1% of the invoices for Customers created in the same batch', () => {
    const batch = offlineBatch(testFacts(), 'T', 300, false)
    expect(batch.customers.map((c) => c.name)).toEqual(['T-CUST-0', 'T-CUST-1', 'T-CUST-2'])
    const forNew = batch.invoices.filter((i) => i.offlineCustomer)
    expect(forNew).toHaveLength(3)
    expect(forNew.map((i) => i.doc['customer'])).toEqual(['T-CUST-0', 'T-CUST-1', 'T-CUST-2'])
    expect(batch.invoices.filter((i) => !i.offlineCustomer).every((i) => testFacts().customers.includes(String(i.doc['customer'])))).toBe(true)
    expect(batch.customers[0]!.doc).toMatchObject({ customer_name: 'T Customer 0', customer_group: 'All', territory: 'India' })
  })

  it('breaks the qty rule in 1% of the invoices only when asked', () => {
    expect(offlineBatch(testFacts(), 'T', 300, false).invoices.some((i) => i.bad || qtyViolation(i.doc) !== undefined)).toBe(false)
    const bad = offlineBatch(testFacts(), 'T', 300, true).invoices.filter((i) => i.bad)
    expect(bad).toHaveLength(3)
    for (const i of bad) expect(qtyViolation(i.doc)).toBe('Row #1: Quantity must be greater than zero')
  })

  it('tags every invoice through po_no and gives each three rows', () => {
    const batch = offlineBatch(testFacts(), 'S2R1', 5, false)
    expect(batch.invoices.map((i) => i.doc['po_no'])).toEqual(['S2R1-0', 'S2R1-1', 'S2R1-2', 'S2R1-3', 'S2R1-4'])
    expect(batch.invoices.every((i) => (i.doc['items'] as unknown[]).length === 3)).toBe(true)
  })
})

describe('qtyViolation', () => {
  it('names the first row whose qty is not positive', () => {
    expect(qtyViolation({ items: [{ qty: 1 }, { qty: 0 }] })).toBe('Row #2: Quantity must be greater than zero')
    expect(qtyViolation({ items: [{ qty: '3' }] })).toBeUndefined()
    expect(qtyViolation({ items: [{}] })).toBe('Row #1: Quantity must be greater than zero')
    expect(qtyViolation({})).toBeUndefined()
  })
})

describe('serverChangeTargets', () => {
  it('takes changes then deletions from the drafts, disjoint', () => {
    expect(serverChangeTargets(testFacts(), 2, 1)).toEqual({ changed: ['SINV-1', 'SINV-2'], deleted: ['SINV-3'] })
  })

  it('refuses to run short of drafts', () => {
    expect(() => serverChangeTargets(testFacts(), 3, 1)).toThrow('only 3 draft invoices for 3 changes and 1 deletions')
  })
})
