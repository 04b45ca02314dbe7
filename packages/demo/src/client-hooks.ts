import type { Doc } from '@outpost/meta'
import { calculateInvoiceTotals, invoicePayableTotal } from './sales-invoice-totals.ts'
import { CURRENCY_PRECISION, flt } from './money.ts'

/**
 * The demo's derived fields, computed on the device as the user types or saves offline
 * (a replica's `hooks`). The server's controllers compute the same figures authoritatively.
 */
export const demoClientHooks: Readonly<Record<string, (doc: Doc) => void>> = {
  'Sales Invoice': (doc) => {
    calculateInvoiceTotals(doc)
    if (Number(doc['docstatus'] ?? 0) === 0) doc['outstanding_amount'] = flt(invoicePayableTotal(doc), CURRENCY_PRECISION)
  },
}
