import type { DatasetFacts } from './dataset.ts'

/** A small, hand-made dataset description for the compare tests. */
export function testFacts(overrides: Partial<DatasetFacts> = {}): DatasetFacts {
  return {
    size: 'small', seed: 42, doctypes: ['Customer', 'Item', 'Sales Invoice'], counts: { 'Customer': 3, 'Item': 2, 'Sales Invoice': 4 }, docs: 9,
    invoice_json_bytes_mean: 700, invoice_items_mean: 3, queryCustomers: ['CUST-1'], customers: ['CUST-1', 'CUST-2', 'CUST-3'],
    drafts: ['SINV-1', 'SINV-2', 'SINV-3'], items: [{ item_code: 'A', item_name: 'Apple', rate: 10 }, { item_code: 'B', item_name: 'Bread', rate: 4 }],
    invoiceHeader: { company: 'Co', currency: 'INR' }, customerHeader: { customer_group: 'All', territory: 'India' },
    childTables: { 'Sales Invoice': [{ fieldname: 'items', doctype: 'Sales Invoice Item' }] },
    ...overrides,
  }
}
