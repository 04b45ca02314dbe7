import { invoicePayableTotal, calculateInvoiceTotals, CURRENCY_PRECISION, flt } from '@outpost/demo'
import type { Doc } from '@outpost/meta'
import type { DemoCustomer } from './demo-customers.ts'
import type { DemoItem } from './demo-catalog.ts'
import type { DemoMasters } from './demo-masters.ts'
import { insertOne, type DemoStep } from './demo-record.ts'
import type { Rng } from './prng.ts'

/** A submitted invoice that still has something outstanding, as the generator believes. */
interface OpenInvoice {
  readonly name: string
  readonly customer: string
  readonly customerName: string
  readonly postingDate: string
  readonly total: number
  outstanding: number
}

/** Open invoices kept for payments: bounded so memory stays flat whatever the size. */
const OPEN_INVOICE_CAP = 500
const YEAR_START = '2026-01-01'
const SUBMIT_SHARE = 0.85
const PAYMENT_SUBMIT_SHARE = 0.9

export interface TransactionCounts {
  readonly invoices: number
  readonly payments: number
}

/** `date` (`YYYY-MM-DD`) plus `days`, as `YYYY-MM-DD`. */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number)
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10)
}

/** A random time in business hours, `HH:MM:SS`. */
function businessHoursTime(rng: Rng): string {
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(rng.int(9, 19))}:${two(rng.int(0, 59))}:${two(rng.int(0, 59))}`
}

/** One to five distinct items, each with a quantity that suits its kind. */
function invoiceRows(rng: Rng, m: DemoMasters, items: readonly DemoItem[]): Doc[] {
  const lines = rng.weighted([[1, 15], [2, 20], [3, 30], [4, 20], [5, 15]] as const)
  const chosen = new Set<DemoItem>()
  while (chosen.size < Math.min(lines, items.length)) chosen.add(rng.pick(items))
  return [...chosen].map((item) => ({
    item_code: item.code,
    item_name: item.name,
    qty: item.kind === 'raw' ? rng.int(2, 100) / 2 : item.kind === 'service' ? rng.int(1, 8) : rng.int(1, 10),
    uom: item.uom,
    price_list_rate: item.rate,
    rate: item.rate,
    income_account: m.accounts.sales,
    cost_center: m.costCenter,
    ...(item.stock ? { warehouse: m.warehouse } : {}),
  }))
}

/** GST on the net total, and now and then a freight charge. */
function invoiceTaxes(rng: Rng, m: DemoMasters): Doc[] {
  const taxes: Doc[] = [{
    charge_type: 'On Net Total', account_head: m.accounts.outputTax, description: 'GST @ 18%', rate: 18, cost_center: m.costCenter,
  }]
  if (rng.chance(0.1)) {
    taxes.push({
      charge_type: 'Actual', account_head: m.accounts.freight, description: 'Freight and Forwarding Charges',
      tax_amount: rng.int(2, 10) * 50, cost_center: m.costCenter,
    })
  }
  return taxes
}

function invoiceDoc(rng: Rng, m: DemoMasters, customer: DemoCustomer, items: readonly DemoItem[], postingDate: string): Doc {
  const rows = invoiceRows(rng, m, items)
  const taxes = invoiceTaxes(rng, m)
  const poNo = rng.chance(0.3) ? `PO-${rng.digits(6)}` : undefined
  const doc: Doc = {
    naming_series: 'ACC-SINV-.YYYY.-',
    customer: customer.name,
    customer_name: customer.customerName,
    territory: customer.territory,
    company: m.company,
    posting_date: postingDate,
    posting_time: businessHoursTime(rng),
    set_posting_time: 1,
    due_date: addDays(postingDate, rng.pick([0, 15, 30, 30, 45])),
    currency: m.currency,
    selling_price_list: m.priceList,
    debit_to: m.accounts.debtors,
    items: rows,
    taxes,
    ...(poNo === undefined ? {} : { po_no: poNo, remarks: `Against customer PO ${poNo}` }),
  }
  calculateInvoiceTotals(doc)
  return doc
}

function paymentDoc(rng: Rng, m: DemoMasters, open: OpenInvoice, amount: number, postingDate: string): Doc {
  const mode = rng.pick(m.modesOfPayment)
  const cash = mode.type === 'Cash'
  return {
    naming_series: 'ACC-PAY-.YYYY.-',
    payment_type: 'Receive',
    posting_date: postingDate,
    company: m.company,
    mode_of_payment: mode.name,
    party_type: 'Customer',
    party: open.customer,
    party_name: open.customerName,
    paid_from: m.accounts.debtors,
    paid_to: cash ? m.accounts.cash : m.accounts.bank,
    paid_amount: amount,
    received_amount: amount,
    ...(cash ? {} : { reference_no: `TXN${rng.digits(10)}`, reference_date: postingDate }),
    references: [{
      reference_doctype: 'Sales Invoice', reference_name: open.name,
      total_amount: open.total, outstanding_amount: open.outstanding, allocated_amount: amount,
    }],
  }
}

/** How many payments demoTransactions has made so far, and how many of them it submitted. */
interface PaymentProgress {
  made: number
  submitted: number
}

/**
 * Payment entries against open invoices, dated `postingDate`, until `due` payments have been
 * made or nothing is open; each allocates at most what its invoice still owes.
 */
function* paymentsUpTo(
  rng: Rng, m: DemoMasters, open: OpenInvoice[], due: number, postingDate: string, progress: PaymentProgress,
): DemoStep<void> {
  while (progress.made < due && open.length > 0) {
    const index = rng.int(0, open.length - 1)
    const target = open[index]
    if (target === undefined) break
    const moreAfterThis = due - progress.made > 1 && open.length === 1
    const full = !moreAfterThis && rng.chance(0.65)
    const amount = full ? target.outstanding : Math.max(1, Math.min(target.outstanding - 1, flt(target.outstanding * (0.2 + rng.float() * 0.6), 0)))
    const submitPayment = rng.chance(PAYMENT_SUBMIT_SHARE)
    yield* insertOne('Payment Entry', paymentDoc(rng, m, target, amount, postingDate), submitPayment)
    progress.made++
    if (submitPayment) {
      progress.submitted++
      target.outstanding = flt(target.outstanding - amount, CURRENCY_PRECISION)
      if (target.outstanding <= 0) open.splice(index, 1)
    }
  }
}

/**
 * Invoices dated across 2026 in posting order, most submitted, and payment entries
 * interleaved with them, each against an invoice submitted earlier, never allocating
 * more than that invoice still owes.
 */
export function* demoTransactions(
  rng: Rng, m: DemoMasters, customers: readonly DemoCustomer[], items: readonly DemoItem[], counts: TransactionCounts,
): DemoStep<{ invoicesSubmitted: number; paymentsSubmitted: number }> {
  const buyers = customers.filter((c) => !c.disabled)
  const sellable = items.filter((i) => !i.disabled)
  const open: OpenInvoice[] = []
  const payments: PaymentProgress = { made: 0, submitted: 0 }
  let invoicesSubmitted = 0
  for (let i = 0; i < counts.invoices; i++) {
    const due = Math.floor(((i + 1) * counts.payments) / counts.invoices)
    const postingDate = addDays(YEAR_START, Math.floor((i * 365) / counts.invoices))
    const customer = rng.pick(buyers)
    const doc = invoiceDoc(rng, m, customer, sellable, postingDate)
    const submit = rng.chance(SUBMIT_SHARE) || (due > payments.made && open.length === 0)
    const name = yield* insertOne('Sales Invoice', doc, submit)
    if (submit) {
      invoicesSubmitted++
      const total = invoicePayableTotal(doc)
      open.push({ name, customer: customer.name, customerName: customer.customerName, postingDate, total, outstanding: total })
      if (open.length > OPEN_INVOICE_CAP) open.shift()
    }
    yield* paymentsUpTo(rng, m, open, due, postingDate, payments)
  }
  return { invoicesSubmitted, paymentsSubmitted: payments.submitted }
}
