import { describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import type { FakeSite } from './fake-site.ts'
import { createTestSite, invoice } from './test-site.ts'

async function submittedInvoice(site: FakeSite, rate: number, customer = 'CUST-2026-00001'): Promise<string> {
  const doc = await site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: 1, rate }], { customer }), { submit: true })
  return String(doc['name'])
}

function payment(references: Doc[], extra: Doc = {}): Doc {
  const paid = references.reduce((sum, r) => sum + Number(r['allocated_amount'] ?? 0), 0)
  return {
    naming_series: 'ACC-PAY-.YYYY.-', payment_type: 'Receive', posting_date: '2026-02-11', company: 'Outpost Demo',
    mode_of_payment: 'Cash', party_type: 'Customer', party: 'CUST-2026-00001', paid_amount: paid,
    references: references.map((r) => ({ reference_doctype: 'Sales Invoice', ...r })),
    ...extra,
  }
}

describe('Payment Entry controller', () => {
  it('fills party name, accounts and amounts', async () => {
    const site = await createTestSite()
    const inv = await submittedInvoice(site, 100)
    const doc = await site.insert('Payment Entry', payment([{ reference_name: inv, allocated_amount: 60 }], { paid_amount: 80 }))
    expect(doc).toMatchObject({
      name: 'ACC-PAY-2026-00001', party_name: 'Acme Traders', paid_from: 'Debtors - OD', paid_to: 'Cash - OD',
      received_amount: 80, total_allocated_amount: 60, unallocated_amount: 20, status: 'Draft',
    })
    expect((doc['references'] as Doc[])[0]).toMatchObject({ total_amount: 100, outstanding_amount: 100, due_date: '2026-02-10' })
    const bank = await site.insert('Payment Entry', payment([], { paid_amount: 5, mode_of_payment: 'Bank Draft' }))
    expect(bank['paid_to']).toBe('Bank - OD')
  })

  it('accepts only existing, submitted invoices of the same party', async () => {
    const site = await createTestSite()
    const draft = await site.insert('Sales Invoice', invoice([{ item_code: 'LAMP', qty: 1, rate: 10 }]))
    await expect(site.insert('Payment Entry', payment([{ reference_name: draft['name'], allocated_amount: 10 }])))
      .rejects.toThrow(`Sales Invoice ${String(draft['name'])} must be submitted`)
    await expect(site.insert('Payment Entry', payment([{ reference_name: 'ACC-SINV-2026-09999', allocated_amount: 10 }])))
      .rejects.toThrow('Sales Invoice ACC-SINV-2026-09999 does not exist')
    const other = await submittedInvoice(site, 10, 'CUST-2026-00002')
    await expect(site.insert('Payment Entry', payment([{ reference_name: other, allocated_amount: 10 }])))
      .rejects.toThrow(`Sales Invoice ${other} is not associated with Customer CUST-2026-00001`)
  })

  it('never allocates more than is outstanding or paid', async () => {
    const site = await createTestSite()
    const inv = await submittedInvoice(site, 100)
    await expect(site.insert('Payment Entry', payment([{ reference_name: inv, allocated_amount: 100.01 }])))
      .rejects.toThrow('Row #1: Allocated Amount cannot be greater than outstanding amount.')
    await expect(site.insert('Payment Entry', payment([{ reference_name: inv, allocated_amount: 60 }, { reference_name: inv, allocated_amount: 60 }])))
      .rejects.toThrow('Row #2: Allocated Amount cannot be greater than outstanding amount.')
    await expect(site.insert('Payment Entry', payment([{ reference_name: inv, allocated_amount: 60 }], { paid_amount: 50 })))
      .rejects.toThrow('Total Allocated Amount (60) cannot be greater than Paid Amount (50)')
  })

  it('moves the invoice outstanding and status on submit and cancel, bumping its modified', async () => {
    const site = await createTestSite()
    const inv = await submittedInvoice(site, 100)
    const before = await site.db.getDoc('Sales Invoice', inv)
    const first = await site.insert('Payment Entry', payment([{ reference_name: inv, allocated_amount: 30 }]), { submit: true })
    expect(first['status']).toBe('Submitted')
    const partly = await site.db.getDoc('Sales Invoice', inv)
    expect(partly).toMatchObject({ outstanding_amount: 70, status: 'Partly Paid' })
    expect(partly?.['modified']).not.toBe(before?.['modified'])
    await site.insert('Payment Entry', payment([{ reference_name: inv, allocated_amount: 70 }]), { submit: true })
    expect(await site.db.getDoc('Sales Invoice', inv)).toMatchObject({ outstanding_amount: 0, status: 'Paid' })
    await expect(site.insert('Payment Entry', payment([{ reference_name: inv, allocated_amount: 1 }])))
      .rejects.toThrow('Allocated Amount cannot be greater than outstanding amount')
    const cancelled = await site.cancel('Payment Entry', String(first['name']))
    expect(cancelled['status']).toBe('Cancelled')
    expect(await site.db.getDoc('Sales Invoice', inv)).toMatchObject({ outstanding_amount: 30, status: 'Partly Paid' })
    expect(site.db.setValueCalls.map((c) => c.values)).toEqual([
      { outstanding_amount: 70, status: 'Partly Paid' },
      { outstanding_amount: 0, status: 'Paid' },
      { outstanding_amount: 30, status: 'Partly Paid' },
    ])
  })

  it('rechecks the outstanding amount when a draft payment is submitted later', async () => {
    const site = await createTestSite()
    const inv = await submittedInvoice(site, 50)
    const draft = await site.insert('Payment Entry', payment([{ reference_name: inv, allocated_amount: 50 }]))
    await site.insert('Payment Entry', payment([{ reference_name: inv, allocated_amount: 50 }]), { submit: true })
    await expect(site.submit('Payment Entry', String(draft['name']))).rejects.toThrow('cannot be greater than outstanding amount')
  })
})
