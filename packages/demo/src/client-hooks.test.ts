import { describe, expect, it } from 'vitest'
import { demoClientHooks } from './client-hooks.ts'

describe('demoClientHooks', () => {
  it('computes Sales Invoice amounts, taxes and totals offline', () => {
    const doc: Record<string, unknown> = {
      docstatus: 0,
      items: [{ qty: 2, rate: 10.005 }, { qty: 1, rate: 5 }],
      taxes: [{ charge_type: 'On Net Total', rate: 10 }, { charge_type: 'Actual', tax_amount: 1.5 }],
    }
    demoClientHooks['Sales Invoice']!(doc)
    expect(doc).toMatchObject({ total_qty: 2 + 1, total: 25.02, net_total: 25.02, total_taxes_and_charges: 4, grand_total: 29.02, rounded_total: 29, outstanding_amount: 29 })
    expect((doc['items'] as Record<string, unknown>[]).map((r) => r['amount'])).toEqual([20.02, 5])
  })
})
