/** A FakeSite over the demo doctypes and controllers, with a few masters, for controller tests. */
import { Schema, type Doc } from '@outpost/meta'
import { loadDemoDocTypes } from '../doctypes.ts'
import { FakeSite } from './fake-site.ts'
import { demoControllers } from './index.ts'

let schema: Schema | undefined

export function demoSchema(): Schema {
  schema ??= new Schema(loadDemoDocTypes())
  return schema
}

export async function createTestSite(now?: string): Promise<FakeSite> {
  const site = new FakeSite(demoSchema(), demoControllers, now)
  const ins = (doctype: string, doc: Doc) => site.insert(doctype, doc)
  await ins('Currency', { currency_name: 'INR', enabled: 1 })
  await ins('UOM', { uom_name: 'Nos' })
  await ins('Company', { company_name: 'Outpost Demo', abbr: 'OD', default_currency: 'INR' })
  for (const [account_name, account_type] of [['Debtors', 'Receivable'], ['Sales', 'Income Account'], ['Cash', 'Cash'], ['Bank', 'Bank'], ['Output Tax', 'Tax']]) {
    await ins('Account', { account_name, account_type, company: 'Outpost Demo', is_group: 0 })
  }
  await ins('Cost Center', { cost_center_name: 'Main', company: 'Outpost Demo', is_group: 0 })
  await ins('Mode of Payment', { mode_of_payment: 'Cash', type: 'Cash' })
  await ins('Mode of Payment', { mode_of_payment: 'Bank Draft', type: 'Bank' })
  await ins('Territory', { territory_name: 'North' })
  await ins('Customer', { customer_name: 'Acme Traders', territory: 'North', disabled: 0 })
  await ins('Customer', { customer_name: 'Globex Stores', territory: 'North', disabled: 0 })
  await ins('Customer', { customer_name: 'Dormant Industries', disabled: 1 })
  await ins('Item Group', { item_group_name: 'Products' })
  await ins('Item', { item_code: 'LAMP', item_name: 'Desk Lamp', item_group: 'Products', stock_uom: 'Nos', standard_rate: 40 })
  await ins('Item', { item_code: 'CHAIR', item_name: 'Office Chair', item_group: 'Products', stock_uom: 'Nos', standard_rate: 250 })
  await ins('Price List', { price_list_name: 'Standard Selling', currency: 'INR', selling: 1 })
  await ins('Item Price', { item_code: 'LAMP', price_list: 'Standard Selling', price_list_rate: 45.5 })
  return site
}

/** A draft Sales Invoice for Acme Traders (CUST-2026-00001) with the given item rows. */
export function invoice(items: Doc[], extra: Doc = {}): Doc {
  return {
    naming_series: 'ACC-SINV-.YYYY.-',
    customer: 'CUST-2026-00001',
    company: 'Outpost Demo',
    posting_date: '2026-02-10',
    set_posting_time: 1,
    items,
    ...extra,
  }
}
