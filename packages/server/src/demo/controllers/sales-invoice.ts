import { isChecked, str, flt, calculateInvoiceTotals, invoicePayableTotal, rowsOf, salesInvoiceStatus } from '@outpost/demo'
import { FrappeError, type Doc } from '@outpost/meta'
import type { Controller, ControllerContext } from '../../controllers/controller.ts'
import { defaultAccount, defaultCostCenter } from './company-defaults.ts'
import { isDraftOrSubmitting, splitNow } from './lifecycle.ts'

/**
 * ERPNext `TransactionBase.validate_posting_time`: unless "Edit Posting Date and Time" is
 * set, posting date and time become the server's now, on every draft save and on submit.
 */
function validatePostingTime(doc: Doc, ctx: ControllerContext): void {
  if (isChecked(doc['set_posting_time'])) return
  const { date, time } = splitNow(ctx.now)
  doc['posting_date'] = date
  doc['posting_time'] = time
}

/** `set_missing_values` for the header: party details and company defaults. */
async function setMissingHeaderValues(doc: Doc, ctx: ControllerContext): Promise<void> {
  const customerName = str(doc['customer'])
  if (customerName !== undefined) {
    const customer = await ctx.db.getDoc('Customer', customerName)
    if (customer !== undefined) {
      if (isChecked(customer['disabled'])) throw new FrappeError('ValidationError', `Customer ${customerName} is disabled`)
      // customer_name is fetch_from customer.customer_name: refreshed on every save.
      doc['customer_name'] = customer['customer_name'] ?? doc['customer_name']
      if (str(doc['territory']) === undefined && str(customer['territory']) !== undefined) doc['territory'] = customer['territory']
    }
  }
  const company = str(doc['company'])
  if (company === undefined) return
  if (str(doc['currency']) === undefined) {
    const currency = str(await ctx.db.getValue('Company', company, 'default_currency'))
    if (currency !== undefined) doc['currency'] = currency
  }
  if (str(doc['debit_to']) === undefined) {
    const receivable = await defaultAccount(ctx.db, company, 'default_receivable_account', 'Receivable')
    if (receivable !== undefined) doc['debit_to'] = receivable
  }
}

/** Item details as ERPNext's `get_item_details` fills them: name, UOM, price, accounts. */
async function setMissingItemValues(doc: Doc, ctx: ControllerContext): Promise<void> {
  const company = str(doc['company'])
  const priceList = str(doc['selling_price_list'])
  let incomeAccount: string | undefined
  let costCenter: string | undefined
  for (const row of rowsOf(doc, 'items')) {
    const itemCode = str(row['item_code'])
    if (itemCode === undefined) continue
    const needsItem = str(row['item_name']) === undefined || str(row['uom']) === undefined || row['rate'] === undefined || row['rate'] === null || row['rate'] === ''
    const item = needsItem ? await ctx.db.getDoc('Item', itemCode) : undefined
    if (item !== undefined) {
      if (str(row['item_name']) === undefined) row['item_name'] = item['item_name'] ?? itemCode
      if (str(row['description']) === undefined && str(item['description']) !== undefined) row['description'] = item['description']
      if (str(row['uom']) === undefined) row['uom'] = item['stock_uom']
      if (row['rate'] === undefined || row['rate'] === null || row['rate'] === '') {
        const price = priceList === undefined ? [] : await ctx.db.getAll('Item Price', {
          filters: { item_code: itemCode, price_list: priceList }, fields: ['price_list_rate'], limit: 1,
        })
        const rate = price[0] !== undefined ? flt(price[0]['price_list_rate']) : flt(item['standard_rate'])
        row['price_list_rate'] = rate
        row['rate'] = rate
      }
    }
    if (company !== undefined && str(row['income_account']) === undefined) {
      incomeAccount ??= await defaultAccount(ctx.db, company, 'default_income_account', 'Income Account')
      if (incomeAccount !== undefined) row['income_account'] = incomeAccount
    }
    if (company !== undefined && str(row['cost_center']) === undefined) {
      costCenter ??= await defaultCostCenter(ctx.db, company)
      if (costCenter !== undefined) row['cost_center'] = costCenter
    }
  }
}

/** Quantities: non-zero, positive on an invoice, negative on a return (credit note). */
function validateQuantities(doc: Doc): void {
  const isReturn = isChecked(doc['is_return'])
  for (const [i, row] of rowsOf(doc, 'items').entries()) {
    const idx = row['idx'] ?? i + 1
    const qty = flt(row['qty'])
    if (qty === 0) {
      throw new FrappeError('ValidationError', `Row #${String(idx)}: Quantity for Item ${String(row['item_code'] ?? '')} cannot be zero.`, { title: 'Invalid Quantity' })
    }
    if (!isReturn && qty < 0) throw new FrappeError('ValidationError', `Row #${String(idx)}: Quantity must be greater than zero`, { title: 'Invalid Quantity' })
    if (isReturn && qty > 0) throw new FrappeError('ValidationError', `Row #${String(idx)}: Quantity must be negative in a return`, { title: 'Invalid Quantity' })
  }
}

function validateDueDate(doc: Doc): void {
  const postingDate = str(doc['posting_date'])
  if (postingDate === undefined) return
  const dueDate = str(doc['due_date'])
  if (dueDate === undefined) {
    doc['due_date'] = postingDate
    return
  }
  if (dueDate < postingDate) throw new FrappeError('ValidationError', 'Due Date cannot be before Posting Date')
}

/**
 * Sales Invoice: ERPNext's SalesInvoice controller, reduced to totals, posting time,
 * outstanding amount and status. Payments change outstanding/status later through
 * `db.setValue` (see payment-entry.ts), which bumps `modified` as ERPNext does.
 */
export const salesInvoiceController: Controller = {
  async validate(doc, ctx) {
    if (!isDraftOrSubmitting(doc, ctx)) return
    validatePostingTime(doc, ctx)
    await setMissingHeaderValues(doc, ctx)
    await setMissingItemValues(doc, ctx)
    validateQuantities(doc)
    calculateInvoiceTotals(doc)
    validateDueDate(doc)
    doc['outstanding_amount'] = invoicePayableTotal(doc)
    if (Number(doc['docstatus'] ?? 0) === 0) doc['status'] = 'Draft'
  },
  beforeSubmit(doc) {
    doc['status'] = salesInvoiceStatus({ ...doc, docstatus: 1 })
  },
  beforeCancel(doc) {
    doc['status'] = 'Cancelled'
  },
}
