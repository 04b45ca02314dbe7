import { describe, expect, it } from 'vitest'
import { formLayout, gridColumns } from './layout.ts'
import { invoice, invoiceItem } from './test-doctypes.ts'

describe('formLayout', () => {
  it('splits the fields into tabs, sections and columns, leaving out hidden fields and empty tabs', () => {
    const tabs = formLayout(invoice)
    expect(tabs.map((t) => t.label)).toEqual(['Details', 'More Info'])
    const [first, items] = tabs[0]!.sections
    expect(first!.columns.map((c) => c.map((f) => f.fieldname))).toEqual([['customer', 'customer_name'], ['posting_date', 'due_date']])
    expect(items!.label).toBe('Items')
    expect(items!.columns[0]!.map((f) => f.fieldname)).toEqual(['items', 'grand_total'])
    expect(tabs[1]!.sections[0]!.columns[0]!.map((f) => f.fieldname)).toEqual(['po_no', 'status'])
  })

  it('a grid shows the in_list_view fields of the child table', () => {
    expect(gridColumns(invoiceItem).map((f) => f.fieldname)).toEqual(['item_code', 'qty', 'rate'])
  })
})
