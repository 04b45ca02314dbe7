import { describe, expect, it } from 'vitest'
import { operatorsFor, searchFilters, standardFilter, toFilter } from './list-filters.ts'
import { invoice } from './test-doctypes.ts'

describe('list filters', () => {
  it('turns filter rows into Frappe filters; an unfinished row is no filter', () => {
    expect(toFilter({ fieldname: 'status', op: '=', value: 'Paid' })).toEqual(['status', '=', 'Paid'])
    expect(toFilter({ fieldname: 'status', op: 'in', value: 'Paid, Draft' })).toEqual(['status', 'in', ['Paid', 'Draft']])
    expect(toFilter({ fieldname: 'po_no', op: 'like', value: 'PO' })).toEqual(['po_no', 'like', '%PO%'])
    expect(toFilter({ fieldname: 'po_no', op: 'not like', value: 'PO%' })).toEqual(['po_no', 'not like', 'PO%'])
    expect(toFilter({ fieldname: 'due_date', op: 'between', value: '2026-01-01, 2026-02-01' })).toEqual(['due_date', 'between', ['2026-01-01', '2026-02-01']])
    expect(toFilter({ fieldname: 'due_date', op: 'is', value: 'not set' })).toEqual(['due_date', 'is', 'not set'])
    expect(toFilter({ fieldname: 'due_date', op: 'between', value: '2026-01-01' })).toBeUndefined()
    expect(toFilter({ fieldname: 'po_no', op: '>', value: ' ' })).toBeUndefined()
  })

  it('offers tree operators only for tree DocTypes', () => {
    expect(operatorsFor(invoice)).toContain('not in')
    expect(operatorsFor(invoice).some((op) => op.includes('descendants'))).toBe(false)
  })

  it('standard filters match text fields in part and the rest exactly; search looks in name, title and search fields', () => {
    expect(standardFilter(invoice, 'customer', 'C-1')).toEqual(['customer', '=', 'C-1'])
    expect(standardFilter(invoice, 'po_no', '42')).toEqual(['po_no', 'like', '%42%'])
    expect(standardFilter(invoice, 'po_no', '')).toBeUndefined()
    expect(searchFilters(invoice, ' acme ')).toEqual([['name', 'like', '%acme%'], ['customer_name', 'like', '%acme%'], ['customer', 'like', '%acme%'], ['po_no', 'like', '%acme%']])
    expect(searchFilters(invoice, '  ')).toBeUndefined()
  })
})
