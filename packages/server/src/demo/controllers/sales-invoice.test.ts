import { describe, expect, it } from 'vitest'
import { FrappeError, type Doc } from '@outpost/meta'
import { salesInvoiceController } from './sales-invoice.ts'
import { createTestSite, invoice } from './test-site.ts'

const rows = (doc: Doc, field: string): Doc[] => doc[field] as Doc[]

describe('Sales Invoice controller', () => {
  it('computes amounts, taxes with running totals, grand and rounded totals', async () => {
    const site = await createTestSite()
    const doc = await site.insert('Sales Invoice', invoice(
      [{ item_code: 'LAMP', qty: 3, rate: 33.333 }, { item_code: 'CHAIR', qty: 1.5, rate: 10 }],
      {
        taxes: [
          { charge_type: 'On Net Total', account_head: 'Output Tax - OD', description: 'GST @ 18%', rate: 18 },
          { charge_type: 'Actual', account_head: 'Output Tax - OD', description: 'Freight', tax_amount: 50 },
        ],
      },
    ))
    expect(rows(doc, 'items').map((r) => [r['rate'], r['amount']])).toEqual([[33.33, 99.99], [10, 15]])
    expect(doc).toMatchObject({ total_qty: 4.5, total: 114.99, net_total: 114.99, total_taxes_and_charges: 70.7, grand_total: 185.69, rounded_total: 186 })
    expect(rows(doc, 'taxes').map((t) => [t['tax_amount'], t['total']])).toEqual([[20.7, 135.69], [50, 185.69]])
    expect(doc).toMatchObject({ outstanding_amount: 186, status: 'Draft', name: 'ACC-SINV-2026-00001' })
  })

  it('rounds the total half to even at whole units, as Frappe does', async () => {
    const site = await createTestSite()
    const doc = await site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: 1, rate: 100.5 }]))
    expect(doc).toMatchObject({ grand_total: 100.5, rounded_total: 100, outstanding_amount: 100 })
  })

  it('fills customer, company and item details that are missing', async () => {
    const site = await createTestSite()
    const doc = await site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: 2 }], { customer_name: 'stale', selling_price_list: 'Standard Selling' }))
    expect(doc).toMatchObject({ customer_name: 'Acme Traders', territory: 'North', currency: 'INR', debit_to: 'Debtors - OD', due_date: '2026-02-10' })
    expect(rows(doc, 'items')[0]).toMatchObject({
      item_name: 'Desk Lamp', uom: 'Nos', rate: 45.5, price_list_rate: 45.5, amount: 91, income_account: 'Sales - OD', cost_center: 'Main - OD',
    })
    const fallback = await site.insert('Sales Invoice', invoice([{ item_code: 'CHAIR', qty: 1 }], { selling_price_list: 'Standard Selling' }))
    expect(rows(fallback, 'items')[0]).toMatchObject({ rate: 250, amount: 250 })
  })

  it('rejects zero and negative quantities, and positive ones on a return', async () => {
    const site = await createTestSite()
    await expect(site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: 1, rate: 1 }, { item_code: 'CHAIR', qty: 0, rate: 1 }])))
      .rejects.toThrow('Row #2: Quantity for Item CHAIR cannot be zero.')
    const negative = site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: -1, rate: 1 }]))
    await expect(negative).rejects.toThrow('Row #1: Quantity must be greater than zero')
    await expect(negative).rejects.toBeInstanceOf(FrappeError)
    await expect(site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: 1, rate: 1 }], { is_return: 1 })))
      .rejects.toThrow('Row #1: Quantity must be negative in a return')
  })

  it('resets posting date and time to now unless set_posting_time is set', async () => {
    const site = await createTestSite('2026-07-04 09:08:07.654321')
    const now = await site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: 1, rate: 1 }], { set_posting_time: 0, posting_time: '01:00:00' }))
    expect(now).toMatchObject({ posting_date: '2026-07-04', posting_time: '09:08:07.654321', due_date: '2026-07-04' })
    const kept = await site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: 1, rate: 1 }], { posting_time: '01:00:00' }))
    expect(kept).toMatchObject({ posting_date: '2026-02-10', posting_time: '01:00:00' })
  })

  it('refuses a disabled customer and a due date before the posting date', async () => {
    const site = await createTestSite()
    await expect(site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: 1, rate: 1 }], { customer: 'CUST-2026-00003' })))
      .rejects.toThrow('Customer CUST-2026-00003 is disabled')
    await expect(site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: 1, rate: 1 }], { due_date: '2026-02-01' })))
      .rejects.toThrow('Due Date cannot be before Posting Date')
  })

  it('sets the status on submit and cancel', async () => {
    const site = await createTestSite()
    const doc = await site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: 1, rate: 10 }]), { submit: true })
    expect(doc).toMatchObject({ docstatus: 1, status: 'Unpaid', outstanding_amount: 10 })
    expect(await site.cancel('Sales Invoice', String(doc['name']))).toMatchObject({ docstatus: 2, status: 'Cancelled' })
    const free = await site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: 1, rate: 0 }]), { submit: true })
    expect(free).toMatchObject({ status: 'Paid', outstanding_amount: 0 })
    const credit = await site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: -2, rate: 10 }], { is_return: 1, naming_series: 'ACC-SINV-RET-.YYYY.-' }), { submit: true })
    expect(credit).toMatchObject({ name: 'ACC-SINV-RET-2026-00001', status: 'Return', grand_total: -20, outstanding_amount: -20 })
  })

  it('leaves computed values alone on update after submit', async () => {
    const site = await createTestSite()
    const submitted = await site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: 1, rate: 10 }]), { submit: true })
    const paid = { ...submitted, outstanding_amount: 4, status: 'Partly Paid', remarks: 'note' }
    await salesInvoiceController.validate?.(paid, site.context('Sales Invoice', submitted))
    expect(paid).toMatchObject({ outstanding_amount: 4, status: 'Partly Paid' })
  })
})
