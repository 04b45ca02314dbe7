import { str, CURRENCY_PRECISION as P, flt, invoicePayableTotal, rowsOf, salesInvoiceStatus } from '@outpost/demo'
import { FrappeError, type Doc } from '@outpost/meta'
import type { Controller, ControllerContext } from '../../controllers/controller.ts'
import { defaultAccount } from './company-defaults.ts'
import { isDraftOrSubmitting } from './lifecycle.ts'

const REFERENCE_DOCTYPES = ['Sales Invoice']

function fail(message: string): never {
  throw new FrappeError('ValidationError', message)
}

/** Party name and the accounts money moves between, as ERPNext's `set_missing_values`. */
async function setMissingValues(doc: Doc, ctx: ControllerContext): Promise<void> {
  if (str(doc['party_type']) === undefined) doc['party_type'] = 'Customer'
  const party = str(doc['party'])
  if (party !== undefined && doc['party_type'] === 'Customer' && str(doc['party_name']) === undefined) {
    const customerName = str(await ctx.db.getValue('Customer', party, 'customer_name'))
    if (customerName !== undefined) doc['party_name'] = customerName
  }
  const company = str(doc['company'])
  if (company !== undefined && doc['payment_type'] === 'Receive') {
    if (str(doc['paid_from']) === undefined) {
      const receivable = await defaultAccount(ctx.db, company, 'default_receivable_account', 'Receivable')
      if (receivable !== undefined) doc['paid_from'] = receivable
    }
    if (str(doc['paid_to']) === undefined) {
      const mode = str(doc['mode_of_payment'])
      const modeType = mode === undefined ? 'Cash' : str(await ctx.db.getValue('Mode of Payment', mode, 'type'))
      const cashOrBank = modeType === 'Cash'
        ? await defaultAccount(ctx.db, company, 'default_cash_account', 'Cash')
        : await defaultAccount(ctx.db, company, undefined, 'Bank')
      if (cashOrBank !== undefined) doc['paid_to'] = cashOrBank
    }
  }
  if (doc['received_amount'] === undefined || doc['received_amount'] === null || doc['received_amount'] === '') {
    doc['received_amount'] = flt(doc['paid_amount'], P)
  }
}

/**
 * ERPNext `validate_reference_documents` and `validate_allocated_amount`: every reference is
 * an existing, submitted invoice of this party, and allocations never exceed what is still
 * outstanding (rows on the same invoice share its outstanding amount).
 */
async function validateReferences(doc: Doc, ctx: ControllerContext): Promise<void> {
  const remaining = new Map<string, number>()
  let totalAllocated = 0
  for (const [i, row] of rowsOf(doc, 'references').entries()) {
    const idx = String(row['idx'] ?? i + 1)
    const doctype = str(row['reference_doctype']) ?? ''
    const name = str(row['reference_name']) ?? ''
    if (!REFERENCE_DOCTYPES.includes(doctype)) fail(`Row #${idx}: Reference Doctype must be one of ${REFERENCE_DOCTYPES.join(', ')}`)
    const invoice = await ctx.db.getDoc(doctype, name)
    if (invoice === undefined) fail(`${doctype} ${name} does not exist`)
    if (Number(invoice['docstatus'] ?? 0) !== 1) fail(`${doctype} ${name} must be submitted`)
    if (invoice['customer'] !== doc['party']) {
      fail(`${doctype} ${name} is not associated with ${String(doc['party_type'] ?? '')} ${String(doc['party'] ?? '')}`)
    }
    const outstanding = flt(invoice['outstanding_amount'], P)
    row['total_amount'] = invoicePayableTotal(invoice)
    row['outstanding_amount'] = outstanding
    if (str(invoice['due_date']) !== undefined) row['due_date'] = invoice['due_date']
    const allocated = flt(row['allocated_amount'], P)
    row['allocated_amount'] = allocated
    const left = remaining.get(name) ?? outstanding
    if (allocated > left) fail(`Row #${idx}: Allocated Amount cannot be greater than outstanding amount.`)
    remaining.set(name, flt(left - allocated, P))
    totalAllocated += allocated
  }
  doc['total_allocated_amount'] = flt(totalAllocated, P)
  const paid = flt(doc['paid_amount'], P)
  if (doc['total_allocated_amount'] as number > paid) {
    fail(`Total Allocated Amount (${String(doc['total_allocated_amount'])}) cannot be greater than Paid Amount (${String(paid)})`)
  }
  doc['unallocated_amount'] = flt(paid - totalAllocated, P)
}

/** Allocated amount per referenced invoice. */
function allocations(doc: Doc): Map<string, number> {
  const out = new Map<string, number>()
  for (const row of rowsOf(doc, 'references')) {
    const name = str(row['reference_name'])
    const allocated = flt(row['allocated_amount'], P)
    if (name === undefined || allocated === 0 || row['reference_doctype'] !== 'Sales Invoice') continue
    out.set(name, flt((out.get(name) ?? 0) + allocated, P))
  }
  return out
}

/**
 * ERPNext `update_voucher_outstanding`: move the invoice's outstanding amount by `sign ×
 * allocated` and reset its status, with `db.set_value` (which bumps the invoice's modified).
 */
async function updateOutstanding(doc: Doc, ctx: ControllerContext, sign: 1 | -1): Promise<void> {
  for (const [name, allocated] of allocations(doc)) {
    const invoice = await ctx.db.getDoc('Sales Invoice', name)
    if (invoice === undefined) continue
    const outstanding = flt(flt(invoice['outstanding_amount'], P) + sign * allocated, P)
    const status = salesInvoiceStatus({ ...invoice, outstanding_amount: outstanding })
    await ctx.db.setValue('Sales Invoice', name, { outstanding_amount: outstanding, status })
  }
}

/** Payment Entry: receive money from a customer against submitted Sales Invoices. */
export const paymentEntryController: Controller = {
  async validate(doc, ctx) {
    if (!isDraftOrSubmitting(doc, ctx)) return
    await setMissingValues(doc, ctx)
    if (rowsOf(doc, 'references').length > 0 && str(doc['party']) === undefined) fail('Party is mandatory')
    await validateReferences(doc, ctx)
    if (Number(doc['docstatus'] ?? 0) === 0) doc['status'] = 'Draft'
  },
  beforeSubmit(doc) {
    doc['status'] = 'Submitted'
  },
  beforeCancel(doc) {
    doc['status'] = 'Cancelled'
  },
  async onSubmit(doc, ctx) {
    await updateOutstanding(doc, ctx, -1)
  },
  async onCancel(doc, ctx) {
    await updateOutstanding(doc, ctx, 1)
  },
}
