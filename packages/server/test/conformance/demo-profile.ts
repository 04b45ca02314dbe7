import { demoControllers, loadDemoDocTypes } from '../../src/demo/index.ts'
import type { Api } from '../harness.ts'
import { profileUsers, seedMasters, type Fixture, type Profile } from './profile.ts'

const seed = (admin: Api): Promise<Fixture> => seedMasters(admin, { item: { standard_rate: 50 } })

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
