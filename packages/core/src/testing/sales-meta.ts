import type { Environment } from '../ports/environment.ts'

const f = (fieldname: string, fieldtype: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ fieldname, fieldtype, label: fieldname.replaceAll('_', ' '), ...extra })
const dt = (name: string, fields: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ doctype: 'DocType', name, module: 'Test', modified: '2026-01-01 00:00:00.000000', fields, permissions: [], ...extra })

/** A small sales schema (DocType JSON as getdoctype serves it) for engine tests and simulations. */
export const SALES_META: Readonly<Record<string, readonly unknown[]>> = (() => {
  const customer = dt('Customer', [f('naming_series', 'Select', { options: 'CUST-.YYYY.-' }), f('customer_name', 'Data', { reqd: 1 }), f('territory', 'Data'), f('notes', 'Small Text')], { autoname: 'naming_series:', title_field: 'customer_name', search_fields: 'territory' })
  const uom = dt('UOM', [f('uom_name', 'Data', { reqd: 1 })], { autoname: 'field:uom_name' })
  const item = dt('Sales Invoice Item', [f('item', 'Data', { reqd: 1 }), f('qty', 'Float', { reqd: 1 }), f('rate', 'Currency'), f('amount', 'Currency'), f('uom', 'Link', { options: 'UOM' })], { istable: 1 })
  const invoice = dt('Sales Invoice', [
    f('naming_series', 'Select', { options: 'SINV-.YYYY.-' }), f('customer', 'Link', { options: 'Customer', reqd: 1 }), f('posting_date', 'Date'),
    f('remarks', 'Small Text', { allow_on_submit: 1 }), f('items', 'Table', { options: 'Sales Invoice Item', reqd: 1 }), f('grand_total', 'Currency'),
  ], { autoname: 'naming_series:', is_submittable: 1 })
  const ref = dt('Payment Entry Reference', [f('reference_doctype', 'Select', { options: 'Sales Invoice', reqd: 1 }), f('reference_name', 'Dynamic Link', { options: 'reference_doctype', reqd: 1 }), f('allocated_amount', 'Currency')], { istable: 1 })
  const payment = dt('Payment Entry', [
    f('naming_series', 'Select', { options: 'PAY-.YYYY.-' }), f('party_type', 'Select', { options: 'Customer' }), f('party', 'Dynamic Link', { options: 'party_type' }),
    f('paid_amount', 'Currency', { reqd: 1 }), f('references', 'Table', { options: 'Payment Entry Reference' }),
  ], { autoname: 'naming_series:', is_submittable: 1 })
  return { Customer: [customer], UOM: [uom], 'Sales Invoice': [invoice, item], 'Payment Entry': [payment, ref], 'Sales Invoice Item': [item], 'Payment Entry Reference': [ref] }
})()

/** Invoice totals computed offline, as a client hook would. */
export function invoiceTotals(doc: Record<string, unknown>): void {
  const rows = Array.isArray(doc['items']) ? (doc['items'] as Record<string, unknown>[]) : []
  for (const r of rows) r['amount'] = Number(r['qty'] ?? 0) * Number(r['rate'] ?? 0)
  doc['grand_total'] = rows.reduce((sum, r) => sum + Number(r['amount'] ?? 0), 0)
}

/**
 * A deterministic Environment: a clock that moves 1 ms per call, counting UUIDs, seeded randomness.
 * `idSpace` starts the UUIDs: replicas sharing one server need ids of their own, as real UUIDs are.
 */
export function testEnvironment(start = Date.UTC(2026, 10, 27, 9, 0, 0), idSpace = 0): Environment & { advance(ms: number): void } {
  const space = idSpace.toString(16).padStart(8, '0')
  let now = start
  let ids = 0
  let seed = 42
  return {
    now: () => (now += 1),
    uuid: () => `${space}-0000-4000-8000-${(++ids).toString(16).padStart(12, '0')}`,
    sleep: async (ms) => { now += ms },
    random: () => ((seed = (seed * 16807) % 2147483647) / 2147483647),
    advance: (ms) => { now += ms },
  }
}
