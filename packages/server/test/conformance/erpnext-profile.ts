import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadDocType, type Doc, type DocType } from '@outpost/meta'
import { demoControllers } from '../../src/demo/index.ts'
import type { Api } from '../harness.ts'
import { profileUsers, seedMasters, type Fixture, type Profile } from './profile.ts'

/**
 * ERPNext creates root accounts and cost centers with `ignore_mandatory`; our REST has no
 * such flag, so the tests derive variants where the tree parent is optional. Nothing else changes.
 */
const OPTIONAL_PARENT: Record<string, string> = { Account: 'parent_account', 'Cost Center': 'parent_cost_center' }

function derive(json: Record<string, unknown>): Record<string, unknown> {
  const field = OPTIONAL_PARENT[String(json['name'])]
  if (!field) return json
  return { ...json, fields: (json['fields'] as Doc[]).map((f) => (f['fieldname'] === field ? { ...f, reqd: 0 } : f)) }
}

export function erpnextDocTypes(dir: string): () => DocType[] {
  return () => readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => loadDocType(derive(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>)))
}

const seed = (admin: Api): Promise<Fixture> => seedMasters(admin, {
  company: { country: 'India' },
  before: async (ins) => {
    await ins('Price List', { price_list_name: 'Standard Selling', currency: 'INR', selling: 1 })
  },
})

function row(item: string, qty: number, rate: number): Doc {
  return {
    item_code: item, item_name: `${item} item`, uom: 'Nos', conversion_factor: 1, qty, rate, amount: qty * rate,
    base_rate: rate, base_amount: qty * rate, income_account: 'Sales - TC', cost_center: 'Main - TC',
  }
}

export function erpnextProfile(dir: string): Profile {
  return {
    name: 'ERPNext v15 doctypes',
    doctypes: erpnextDocTypes(dir),
    controllers: { Account: demoControllers['Account']!, 'Cost Center': demoControllers['Cost Center']!, Warehouse: demoControllers['Warehouse']! },
    users: profileUsers(['Sales User', 'Accounts User']),
    seed,
    invoice: (fx, overrides = {}) => ({
      customer: fx.northCustomer, company: fx.company, posting_date: '2026-03-15', set_posting_time: 1, territory: 'North',
      currency: 'INR', conversion_rate: 1, selling_price_list: 'Standard Selling', price_list_currency: 'INR', plc_conversion_rate: 1,
      debit_to: 'Debtors - TC', items: [row(fx.items[0]!, 2, 50), row(fx.items[1]!, 1, 25)],
      base_net_total: 125, base_grand_total: 125, grand_total: 125, net_total: 125, total: 125, outstanding_amount: 125,
      ...overrides,
    }),
    payment: (fx, invoice, amount) => ({
      payment_type: 'Receive', posting_date: '2026-03-16', company: fx.company, party_type: 'Customer', party: invoice['customer'],
      paid_from: 'Debtors - TC', paid_from_account_currency: 'INR', paid_to: 'Cash - TC', paid_to_account_currency: 'INR',
      paid_amount: amount, source_exchange_rate: 1, base_paid_amount: amount, received_amount: amount, target_exchange_rate: 1,
      base_received_amount: amount, references: [{ reference_doctype: 'Sales Invoice', reference_name: invoice['name'], allocated_amount: amount }],
    }),
    customer: (_fx, customerName, territory = 'North') => ({ customer_name: customerName, customer_type: 'Company', territory, customer_group: 'All Customer Groups' }),
    invoicePrefix: (year) => `ACC-SINV-${year}-`,
  }
}
