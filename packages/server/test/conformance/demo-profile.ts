import type { Doc } from '@outpost/meta'
import { demoControllers, loadDemoDocTypes } from '../../src/demo/index.ts'
import type { Api } from '../harness.ts'
import { must, profileUsers, type Fixture, type Profile } from './profile.ts'

async function seed(admin: Api): Promise<Fixture> {
  const ins = (doctype: string, doc: Doc): Promise<Doc> => must(admin.post(admin.resource(doctype), doc), `seed ${doctype}`)
  await ins('Currency', { currency_name: 'INR', enabled: 1 })
  await ins('UOM', { uom_name: 'Nos' })
  await ins('Company', { company_name: 'Test Co', abbr: 'TC', default_currency: 'INR' })
  await ins('Territory', { territory_name: 'All Territories', is_group: 1 })
  for (const t of ['North', 'South']) await ins('Territory', { territory_name: t, parent_territory: 'All Territories' })
  await ins('Customer Group', { customer_group_name: 'All Customer Groups', is_group: 1 })
  await ins('Item Group', { item_group_name: 'All Item Groups', is_group: 1 })
  await ins('Account', { account_name: 'Assets', company: 'Test Co', is_group: 1, root_type: 'Asset' })
  await ins('Account', { account_name: 'Debtors', company: 'Test Co', parent_account: 'Assets - TC', account_type: 'Receivable' })
  await ins('Account', { account_name: 'Cash', company: 'Test Co', parent_account: 'Assets - TC', account_type: 'Cash' })
  await ins('Account', { account_name: 'Sales', company: 'Test Co', root_type: 'Income' })
  await ins('Cost Center', { cost_center_name: 'Main', company: 'Test Co' })
  const items = ['Widget', 'Gadget', 'Gizmo']
  for (const i of items) await ins('Item', { item_code: i, item_name: `${i} item`, item_group: 'All Item Groups', stock_uom: 'Nos', standard_rate: 50 })
  const north = await ins('Customer', { customer_name: 'Northwind Traders', customer_type: 'Company', territory: 'North', customer_group: 'All Customer Groups' })
  const south = await ins('Customer', { customer_name: 'Southern Supplies', customer_type: 'Company', territory: 'South', customer_group: 'All Customer Groups' })
  return {
    company: 'Test Co', customers: [String(north['name']), String(south['name'])], northCustomer: String(north['name']),
    southCustomer: String(south['name']), items, territories: { north: 'North', south: 'South' },
  }
}

export const demoProfile: Profile = {
  name: 'demo doctypes',
  doctypes: loadDemoDocTypes,
  controllers: demoControllers,
  users: profileUsers(['Sales User', 'Accounts User']),
  seed,
  invoice: (fx, overrides = {}) => ({
    customer: fx.northCustomer, company: fx.company, posting_date: '2026-03-15', set_posting_time: 1, territory: 'North',
    currency: 'INR', debit_to: 'Debtors - TC',
    items: [{ item_code: fx.items[0], qty: 2, rate: 50, income_account: 'Sales - TC' }, { item_code: fx.items[1], qty: 1, rate: 25 }],
    ...overrides,
  }),
  payment: (fx, invoice, amount) => ({
    payment_type: 'Receive', posting_date: '2026-03-16', company: fx.company, party_type: 'Customer', party: invoice['customer'],
    paid_from: 'Debtors - TC', paid_to: 'Cash - TC', paid_amount: amount, received_amount: amount,
    references: [{ reference_doctype: 'Sales Invoice', reference_name: invoice['name'], allocated_amount: amount }],
  }),
  customer: (_fx, customerName, territory = 'North') => ({ customer_name: customerName, customer_type: 'Company', territory, customer_group: 'All Customer Groups' }),
  invoicePrefix: (year) => `ACC-SINV-${year}-`,
}
