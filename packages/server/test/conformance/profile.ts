import type { Doc, DocType } from '@outpost/meta'
import type { ControllerMap } from '../../src/controllers/controller.ts'
import type { NewUser } from '../../src/auth/users.ts'
import type { Api } from '../harness.ts'

/** Names of the masters a profile's seed created, for building valid documents. */
export interface Fixture {
  readonly company: string
  readonly customers: readonly string[]
  /** Customers in the restricted user's territory, then ones outside it. */
  readonly northCustomer: string
  readonly southCustomer: string
  readonly items: readonly string[]
  readonly territories: { readonly north: string; readonly south: string }
}

/**
 * One DocType set the conformance suite runs against. The cases are shared;
 * a profile only says how to build valid documents for its DocTypes.
 */
export interface Profile {
  readonly name: string
  readonly doctypes: () => DocType[]
  readonly controllers: ControllerMap
  /** Users: a sales user restricted to the North territory, and a user with no roles on invoices. */
  readonly users: readonly NewUser[]
  seed(admin: Api): Promise<Fixture>
  /** A valid draft Sales Invoice. */
  invoice(fx: Fixture, overrides?: Doc): Doc
  /** A valid Payment Entry paying `amount` against a submitted invoice. */
  payment(fx: Fixture, invoice: Doc, amount: number): Doc
  /** A valid new Customer. */
  customer(fx: Fixture, customerName: string, territory?: string): Doc
  /** The series prefix of Sales Invoice names in `year`. */
  readonly invoicePrefix: (year: number) => string
}

export const SALES_TOKEN = 'sales-key:sales-secret-0123456789'
export const NOBODY_TOKEN = 'nobody-key:nobody-secret-0123456789'

export function profileUsers(salesRoles: readonly string[]): NewUser[] {
  return [
    {
      email: 'sales@example.com', fullName: 'Sam Sales', password: 'sales', roles: salesRoles,
      apiKey: 'sales-key', apiSecret: 'sales-secret-0123456789', userPermissions: [{ allow: 'Territory', forValue: 'North' }],
    },
    { email: 'nobody@example.com', fullName: 'No Body', password: 'nobody', roles: ['Blogger'], apiKey: 'nobody-key', apiSecret: 'nobody-secret-0123456789' },
  ]
}

export async function must(res: Promise<{ status: number; body: Record<string, unknown> }>, what: string): Promise<Doc> {
  const r = await res
  if (r.status !== 200) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`)
  return r.body['data'] as Doc
}

/** Masters both profiles share: currency, UOM, company, trees, accounts, items and two customers. */
export async function seedMasters(admin: Api, options: { company?: Doc; item?: Doc; before?: (ins: (doctype: string, doc: Doc) => Promise<Doc>) => Promise<void> } = {}): Promise<Fixture> {
  const ins = (doctype: string, doc: Doc): Promise<Doc> => must(admin.post(admin.resource(doctype), doc), `seed ${doctype}`)
  await ins('Currency', { currency_name: 'INR', enabled: 1 })
  await ins('UOM', { uom_name: 'Nos' })
  await ins('Company', { company_name: 'Test Co', abbr: 'TC', default_currency: 'INR', ...options.company })
  await ins('Territory', { territory_name: 'All Territories', is_group: 1 })
  for (const t of ['North', 'South']) await ins('Territory', { territory_name: t, parent_territory: 'All Territories' })
  await ins('Customer Group', { customer_group_name: 'All Customer Groups', is_group: 1 })
  await ins('Item Group', { item_group_name: 'All Item Groups', is_group: 1 })
  await options.before?.(ins)
  await ins('Account', { account_name: 'Assets', company: 'Test Co', is_group: 1, root_type: 'Asset' })
  await ins('Account', { account_name: 'Debtors', company: 'Test Co', parent_account: 'Assets - TC', account_type: 'Receivable' })
  await ins('Account', { account_name: 'Cash', company: 'Test Co', parent_account: 'Assets - TC', account_type: 'Cash' })
  await ins('Account', { account_name: 'Sales', company: 'Test Co', root_type: 'Income' })
  await ins('Cost Center', { cost_center_name: 'Main', company: 'Test Co' })
  const items = ['Widget', 'Gadget', 'Gizmo']
  for (const i of items) await ins('Item', { item_code: i, item_name: `${i} item`, item_group: 'All Item Groups', stock_uom: 'Nos', ...options.item })
  const customer = (name: string, territory: string): Promise<Doc> =>
    ins('Customer', { customer_name: name, customer_type: 'Company', territory, customer_group: 'All Customer Groups' })
  const north = await customer('Northwind Traders', 'North')
  const south = await customer('Southern Supplies', 'South')
  return {
    company: 'Test Co', customers: [String(north['name']), String(south['name'])], northCustomer: String(north['name']),
    southCustomer: String(south['name']), items, territories: { north: 'North', south: 'South' },
  }
}
