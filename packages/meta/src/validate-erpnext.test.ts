import { describe, expect, it } from 'vitest'
import { coerceDocument } from './coerce.ts'
import { applyDefaults } from './defaults.ts'
import type { Doc } from './document.ts'
import type { Schema } from './schema.ts'
import { validateDocument, type ValidateOptions } from './validate.ts'
import { loadFixtureSchema } from './testing/fixture-schema.ts'
import { fixturesSkipReason, requireFixtures } from './testing/fixtures-dir.ts'
import { frappeRejectionOf } from './testing/frappe-error-of.ts'
import { memoryResolvers } from './testing/memory-resolvers.ts'

const ctx = { today: '2024-06-15', now: '2024-06-15 09:08:07.000000', user: 'jane@example.com' }

/** What the site's database holds. */
const STORE: Record<string, Doc[]> = {
  Company: [{ name: 'ACME Corp' }],
  Customer: [{ name: 'Acme' }, { name: 'Beta Traders' }],
  Currency: [{ name: 'INR' }],
  'Price List': [{ name: 'Standard Selling' }],
  Account: [{ name: 'Debtors - AC' }, { name: 'Sales - AC' }, { name: 'Cash - AC' }, { name: 'Other Income - AC' }],
  'Cost Center': [{ name: 'Main - AC' }],
  UOM: [{ name: 'Nos' }],
  Item: [{ name: 'ITEM-1' }],
  'Mode of Payment': [{ name: 'Cash' }],
  'Sales Invoice': [{ name: 'ACC-SINV-2024-00001', docstatus: 2 }, { name: 'ACC-SINV-2024-00002', docstatus: 1 }],
}

function salesInvoice(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'ACC-SINV-2024-00010', customer: 'acme', company: 'acme corp', currency: 'INR', conversion_rate: '1',
    selling_price_list: 'Standard Selling', price_list_currency: 'INR', plc_conversion_rate: 1, debit_to: 'Debtors - AC',
    base_net_total: 100, base_grand_total: 100, grand_total: '100.00', set_posting_time: true,
    items: [{
      name: 'sii-0001', item_code: 'ITEM-1', item_name: 'Widget', qty: '1', uom: 'nos', conversion_factor: 1, rate: 100, amount: 100,
      base_rate: 100, base_amount: 100, income_account: 'Sales - AC', cost_center: 'Main - AC',
    }],
    ...extra,
  }
}

function paymentEntry(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'ACC-PAY-2024-00001', payment_type: 'Receive', company: 'ACME Corp', party_type: 'Customer', party: 'beta traders',
    paid_from: 'Debtors - AC', paid_from_account_currency: 'INR', paid_to: 'Cash - AC', paid_to_account_currency: 'INR',
    paid_amount: 50, source_exchange_rate: 1, base_paid_amount: 50, received_amount: 50, target_exchange_rate: 1, base_received_amount: 50,
    references: [{ reference_doctype: 'Sales Invoice', reference_name: 'acc-sinv-2024-00002', allocated_amount: 50 }],
    ...extra,
  }
}

/** The server's path: coerce, defaults, validate. */
async function prepare(schema: Schema, doctype: string, input: Record<string, unknown>, options: ValidateOptions): Promise<Doc> {
  const dt = schema.require(doctype)
  const doc = applyDefaults(schema, dt, coerceDocument(schema, dt, input), ctx)
  return validateDocument(schema, dt, doc, memoryResolvers(STORE), options)
}

const dir = requireFixtures()
if (dir === undefined) {
  it.skip(fixturesSkipReason(), () => {})
} else {
  const schema = loadFixtureSchema(dir)

  describe('Sales Invoice', () => {
    it('validates a new invoice and canonicalises its links', async () => {
      const out = await prepare(schema, 'Sales Invoice', salesInvoice(), { action: 'insert' })
      expect(out).toMatchObject({ customer: 'Acme', company: 'ACME Corp', grand_total: 100, conversion_rate: 1, set_posting_time: 1, posting_date: '2024-06-15' })
      expect((out['items'] as Doc[])[0]).toMatchObject({ uom: 'Nos', qty: 1, parent: 'ACC-SINV-2024-00010', parentfield: 'items', idx: 1 })
    })

    it('reports every missing mandatory field of invoice and items', async () => {
      const input = salesInvoice({ company: '', debit_to: null })
      const items = input['items'] as Record<string, unknown>[]
      input['items'] = [{ ...items[0], income_account: '' }]
      const e = await frappeRejectionOf(prepare(schema, 'Sales Invoice', input, { action: 'insert' }))
      expect(e.excType).toBe('MandatoryError')
      expect(e.message).toBe('[Sales Invoice, ACC-SINV-2024-00010]: company, debit_to, income_account')
      expect(e.messages.map((m) => m.message)).toEqual([
        'Error: Value missing for Sales Invoice: Company',
        'Error: Value missing for Sales Invoice: Debit To',
        'Error: <strong>Sales Invoice Item</strong> Row #1: Value missing for: Income Account',
      ])
    })

    it('needs at least one item', async () => {
      const e = await frappeRejectionOf(prepare(schema, 'Sales Invoice', salesInvoice({ items: [] }), { action: 'insert' }))
      expect(e.messages).toEqual([{ message: 'Error: Data missing in table: Items' }])
    })

    it('refuses unknown link targets and bad selects', async () => {
      const e = await frappeRejectionOf(prepare(schema, 'Sales Invoice', salesInvoice({ customer: 'Ghost', items: [{ ...(salesInvoice()['items'] as Doc[])[0], item_code: 'NOPE' }] }), { action: 'insert' }))
      expect(e.message).toBe('Could not find Customer: Ghost, Row #1: Item: NOPE')
      const s = await frappeRejectionOf(prepare(schema, 'Sales Invoice', salesInvoice({ is_opening: 'Maybe' }), { action: 'insert' }))
      expect(s.message).toBe(' Is Opening Entry cannot be "Maybe". It should be one of "No", "Yes"')
    })

    it('rejects wrong types while coercing', async () => {
      const e = await frappeRejectionOf(prepare(schema, 'Sales Invoice', salesInvoice({ grand_total: 'a lot' }), { action: 'insert' }))
      expect([e.excType, e.message]).toEqual(['FrappeTypeError', 'Value for Grand Total must be a number, not "a lot"'])
    })

    it('allows only allow_on_submit fields after submit', async () => {
      const previous = await prepare(schema, 'Sales Invoice', salesInvoice({ docstatus: 1 }), { action: 'submit' })
      const retitled = await prepare(schema, 'Sales Invoice', { ...previous, title: 'New title' }, { action: 'update_after_submit', previous })
      expect(retitled['title']).toBe('New title')
      const e = await frappeRejectionOf(prepare(schema, 'Sales Invoice', { ...previous, grand_total: 90 }, { action: 'update_after_submit', previous }))
      expect(e.message).toBe(' Not allowed to change <strong>Grand Total</strong> after submission from <strong>100.0</strong> to <strong>90.0</strong>')
      const items = (previous['items'] as Doc[]).map((r) => ({ ...r, income_account: 'Other Income - AC' }))
      await expect(prepare(schema, 'Sales Invoice', { ...previous, items }, { action: 'update_after_submit', previous })).resolves.toBeDefined()
    })
  })

  describe('Payment Entry', () => {
    it('resolves the Dynamic Links party and reference_name', async () => {
      const out = await prepare(schema, 'Payment Entry', paymentEntry(), { action: 'insert' })
      expect(out['party']).toBe('Beta Traders')
      expect((out['references'] as Doc[])[0]).toMatchObject({ reference_doctype: 'Sales Invoice', reference_name: 'ACC-SINV-2024-00002' })
    })

    it('refuses a missing party or reference', async () => {
      const e = await frappeRejectionOf(prepare(schema, 'Payment Entry', paymentEntry({ party: 'Ghost' }), { action: 'insert' }))
      expect(e.message).toBe('Could not find Party: Ghost')
      const r = await frappeRejectionOf(prepare(schema, 'Payment Entry', paymentEntry({ references: [{ reference_doctype: 'Sales Invoice', reference_name: 'X-9' }] }), { action: 'insert' }))
      expect(r.message).toBe('Could not find Row #1: Name: X-9')
    })

    it('refuses a cancelled invoice as reference', async () => {
      const input = paymentEntry({ references: [{ reference_doctype: 'Sales Invoice', reference_name: 'ACC-SINV-2024-00001', allocated_amount: 1 }] })
      const e = await frappeRejectionOf(prepare(schema, 'Payment Entry', input, { action: 'insert' }))
      expect([e.excType, e.message]).toEqual(['CancelledLinkError', 'Cannot link cancelled document: Row #1: Name: ACC-SINV-2024-00001'])
    })

    it('wants the party type before the party, and the reference type before its name', async () => {
      const e = await frappeRejectionOf(prepare(schema, 'Payment Entry', paymentEntry({ party_type: '' }), { action: 'insert' }))
      expect([e.excType, e.message]).toEqual(['ValidationError', 'Party Type must be set first'])
      const r = await frappeRejectionOf(prepare(schema, 'Payment Entry', paymentEntry({ references: [{ reference_name: 'ACC-SINV-2024-00002' }] }), { action: 'insert' }))
      expect(r.message).toBe('Type must be set first')
    })
  })

  describe('Customer', () => {
    const customer = { name: 'Acme 2', customer_name: 'Acme 2', customer_type: 'Company' }

    it('validates a customer, with defaults', async () => {
      await expect(prepare(schema, 'Customer', customer, { action: 'insert' })).resolves.toMatchObject({ customer_type: 'Company', disabled: 0 })
    })

    it('refuses a bad customer type, a huge name and a taken represents_company', async () => {
      const t = await frappeRejectionOf(prepare(schema, 'Customer', { ...customer, customer_type: 'Corp' }, { action: 'insert' }))
      expect(t.message).toBe(' Customer Type cannot be "Corp". It should be one of "Company", "Individual", "Partnership"')
      const long = await frappeRejectionOf(prepare(schema, 'Customer', { ...customer, customer_name: 'A'.repeat(100_000) }, { action: 'insert' }))
      expect(long.excType).toBe('CharacterLengthExceededError')
      expect(long.message).toMatch(/^Customer Acme 2: 'Customer Name' \(A+…\) will get truncated, as max characters allowed is 140$/)
      const taken = { ...STORE, Customer: [{ name: 'Other', represents_company: 'ACME Corp' }] }
      const dt = schema.require('Customer')
      const doc = coerceDocument(schema, dt, { ...customer, represents_company: 'ACME Corp' })
      const u = await frappeRejectionOf(validateDocument(schema, dt, doc, memoryResolvers(taken), { action: 'insert' }))
      expect([u.excType, u.message]).toEqual(['UniqueValidationError', 'Represents Company must be unique'])
    })
  })
}
