import { describe, expect, it } from 'vitest'
import { chunkNames } from './child-rows.ts'
import { insertBody, updateBody } from './outgoing-doc.ts'

describe('insertBody', () => {
  it('drops temp names, desk keys and server-set fields, keeps outpost_id', () => {
    const doc = {
      name: 'new-customer-0b5c7e1a-1111-4222-8333-444455556666', doctype: 'Customer', __islocal: 1, __unsaved: 1, modified: 'x', owner: 'me',
      customer_name: 'Acme', outpost_id: 'old',
    }
    expect(insertBody('Customer', doc, 'id-1')).toEqual({ customer_name: 'Acme', outpost_id: 'id-1' })
  })

  it('keeps a final name computed offline (Prompt, field: naming)', () => {
    expect(insertBody('Territory', { name: 'North', territory_name: 'North' }, '')).toEqual({ name: 'North', territory_name: 'North' })
  })

  it('cleans child rows and asks ERPNext to keep the offline posting date', () => {
    const doc = { customer: 'C', items: [{ name: 'new-row-1', parent: 'new-sales-invoice-1', __unsaved: 1, item_code: 'W', idx: 1 }] }
    expect(insertBody('Sales Invoice', doc, 'id')).toEqual({ customer: 'C', items: [{ item_code: 'W', idx: 1 }], outpost_id: 'id', set_posting_time: 1 })
    expect(insertBody('Delivery Note', { set_posting_time: 0 }, '')).toEqual({ set_posting_time: 1 })
    expect(insertBody('Customer', { customer_name: 'A' }, '')).toEqual({ customer_name: 'A' })
  })
})

describe('updateBody', () => {
  it('sends the changed fields with the base modified', () => {
    expect(updateBody({ name: 'X', remarks: 'r', modified: 'local', outpost_id: 'id' }, '2026-03-15 10:00:00.000001')).toEqual({ remarks: 'r', modified: '2026-03-15 10:00:00.000001' })
    expect(updateBody({ remarks: 'r' }, undefined)).toEqual({ remarks: 'r' })
  })
})

describe('chunkNames', () => {
  it('keeps every name, in order, in chunks under the size limit', () => {
    const names = Array.from({ length: 500 }, (_, i) => `ACC-SINV-2026-${String(i).padStart(5, '0')}`)
    const chunks = chunkNames(names, 4000)
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.flat()).toEqual(names)
    expect(chunkNames([], 10)).toEqual([])
    expect(chunkNames(['a-very-long-name'], 1)).toEqual([['a-very-long-name']])
  })
})
