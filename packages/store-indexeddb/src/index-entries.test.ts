import { describe, expect, it } from 'vitest'
import { buildDocType } from '@outpost/meta/testing'
import { groupedFields, indexEntries, indexedFields, parseGroup, sortPair } from './index-entries.ts'

const manyOptions = Array.from({ length: 600 }, (_, i) => `Option ${i}`).join('\n')

const invoice = buildDocType('Invoice', [
  { fieldname: 'customer', fieldtype: 'Link', options: 'Customer', search_index: 1 },
  { fieldname: 'company', fieldtype: 'Link', options: 'Company', in_standard_filter: 1 },
  { fieldname: 'currency', fieldtype: 'Link', options: 'Currency' },
  { fieldname: 'amended_from', fieldtype: 'Link', options: 'Invoice' },
  { fieldname: 'party_type', fieldtype: 'Link', options: 'DocType' },
  { fieldname: 'party', fieldtype: 'Dynamic Link', options: 'party_type' },
  { fieldname: 'code', fieldtype: 'Data', unique: 1 },
  { fieldname: 'posting_date', fieldtype: 'Date' },
  { fieldname: 'status', fieldtype: 'Select', options: 'Draft\nPaid\nOverdue', in_standard_filter: 1 },
  { fieldname: 'is_return', fieldtype: 'Check', in_standard_filter: 1 },
  { fieldname: 'is_pos', fieldtype: 'Check' },
  { fieldname: 'reason', fieldtype: 'Select', options: manyOptions, search_index: 1 },
  { fieldname: 'grand_total', fieldtype: 'Currency', in_list_view: 1 },
], { sort_field: 'posting_date', is_submittable: 1 })

describe('IndexedDB entry layout 4: which fields get entries, which are grouped', () => {
  it('gives entries to what Frappe indexes, the sort field, outpost_id and the Links a delete looks up', () => {
    expect(indexedFields(invoice).map((f) => f.field)).toEqual(['amended_from', 'code', 'customer', 'modified', 'outpost_id', 'party', 'posting_date', 'reason'])
  })

  it('groups docstatus and the standard-filter Select and Check fields, leaving out a Select too large to group', () => {
    // 3 docstatus × 2 is_return × 4 status (and NULL) = 24 groups; `reason` would make them 14,424
    expect(groupedFields(invoice).map((f) => f.field)).toEqual(['docstatus', 'is_return', 'status'])
  })

  it('writes an entry per entry field that is set, the order value on all but modified and outpost_id, and the group in the name entry', () => {
    const doc = { name: 'INV-1', modified: '2026-11-28 10:00:00.000000', docstatus: 1, customer: 'CUST-1', company: 'Acme', posting_date: '2026-11-27', status: 'Paid', is_return: 0, amended_from: null }
    const entries = indexEntries(invoice, doc, sortPair(invoice, {}))
    expect(entries).toEqual([
      ['Invoice', 'customer', 'cust-1', '2026-11-27'],
      ['Invoice', 'modified', '2026-11-28 10:00:00.000000'],
      ['Invoice', 'posting_date', '2026-11-27'],
      ['Invoice', '#name', 'amended_from code outpost_id party reason\u0001[1,0,"paid"]', 'INV-1'],
    ])
    expect(parseGroup(entries.at(-1)![2])).toEqual({ nulls: ['amended_from', 'code', 'outpost_id', 'party', 'reason'], values: [1, 0, 'paid'] })
  })

  it('reads a damaged group as no NULL and no value rather than failing', () => {
    expect(parseGroup(7)).toEqual({ nulls: [], values: [] })
    expect(parseGroup('a b\u0001{not json')).toEqual({ nulls: ['a', 'b'], values: [] })
  })
})
