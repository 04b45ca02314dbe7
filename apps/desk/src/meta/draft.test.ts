import { describe, expect, it } from 'vitest'
import { amendDraft, changedFields, newDraft, newRow } from './draft.ts'
import { invoice, invoiceItem, schema } from './test-doctypes.ts'

describe('drafts', () => {
  it('a new document starts with Frappe defaults', () => {
    const doc = newDraft(schema, invoice, 'ann@example.com')
    expect(doc).toMatchObject({ doctype: 'Invoice', docstatus: 0 })
    expect(doc['posting_date']).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(newRow(schema, invoiceItem, 'ann@example.com', 3)).toMatchObject({ qty: 1, idx: 3 })
  })

  it('a save sends only changed fields, never system fields', () => {
    const saved = { name: 'INV-1', modified: 'a', customer: 'C-1', items: [{ name: 'r1', qty: 1 }] }
    expect(changedFields({ ...saved, modified: 'b', customer: 'C-2', items: [{ name: 'r1', qty: 1 }] }, saved)).toEqual({ customer: 'C-2' })
  })

  it('an amendment copies the cancelled document without its name, status and no_copy fields', () => {
    const cancelled = { name: 'INV-1', docstatus: 2, status: 'Cancelled', customer: 'C-1', grand_total: 10, items: [{ name: 'r1', parent: 'INV-1', item_code: 'X', qty: 2 }] }
    expect(amendDraft(schema, invoice, cancelled)).toEqual({ doctype: 'Invoice', docstatus: 0, amended_from: 'INV-1', customer: 'C-1', items: [{ item_code: 'X', qty: 2, idx: 1 }] })
  })
})
