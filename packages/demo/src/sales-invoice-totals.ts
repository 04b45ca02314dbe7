import type { Doc } from '@outpost/meta'
import { isChecked } from './field-values.ts'
import { CURRENCY_PRECISION, FLOAT_PRECISION, flt, rounded } from './money.ts'

const P = CURRENCY_PRECISION

/** Child rows of a table field; anything that is not an array of objects counts as empty. */
export function rowsOf(doc: Doc, fieldname: string): Doc[] {
  const rows = doc[fieldname]
  return Array.isArray(rows) ? rows.filter((r): r is Doc => typeof r === 'object' && r !== null) : []
}

/**
 * ERPNext's `calculate_taxes_and_totals`, reduced to what the demo models: item amounts,
 * totals, "On Net Total" and "Actual" taxes with running totals, grand and rounded total.
 * Mutates `doc` and its rows. There are no discounts, so net_total equals total.
 */
export function calculateInvoiceTotals(doc: Doc): void {
  let totalQty = 0
  let total = 0
  for (const row of rowsOf(doc, 'items')) {
    const qty = flt(row['qty'])
    const rate = flt(row['rate'], P)
    row['rate'] = rate
    row['amount'] = flt(qty * rate, P)
    totalQty += qty
    total += row['amount'] as number
  }
  doc['total_qty'] = flt(totalQty, FLOAT_PRECISION)
  doc['total'] = flt(total, P)
  doc['net_total'] = doc['total']
  const netTotal = doc['net_total'] as number

  let running = netTotal
  for (const tax of rowsOf(doc, 'taxes')) {
    const taxAmount = tax['charge_type'] === 'On Net Total'
      ? flt((netTotal * flt(tax['rate'])) / 100, P)
      : flt(tax['tax_amount'], P)
    tax['tax_amount'] = taxAmount
    running = flt(running + taxAmount, P)
    tax['total'] = running
  }
  doc['total_taxes_and_charges'] = flt(running - netTotal, P)
  doc['grand_total'] = running
  // round_based_on_smallest_currency_fraction without a fraction value: whole units.
  doc['rounded_total'] = flt(rounded(running), P)
}

/** The amount a customer owes for the invoice: rounded total, as ERPNext uses unless rounding is disabled. */
export function invoicePayableTotal(doc: Doc): number {
  const roundedTotal = flt(doc['rounded_total'], P)
  return roundedTotal !== 0 ? roundedTotal : flt(doc['grand_total'], P)
}

/**
 * ERPNext's Sales Invoice `set_status`, without the date-dependent "Overdue" (that needs
 * the daily scheduler) and without discounting / internal transfer states.
 */
export function salesInvoiceStatus(doc: Doc): string {
  const docstatus = Number(doc['docstatus'] ?? 0)
  if (docstatus === 2) return 'Cancelled'
  if (docstatus !== 1) return 'Draft'
  const outstanding = flt(doc['outstanding_amount'], P)
  const total = invoicePayableTotal(doc)
  if (outstanding > 0 && outstanding < total) return 'Partly Paid'
  if (outstanding > 0) return 'Unpaid'
  if (isChecked(doc['is_return'])) return 'Return'
  return 'Paid'
}
