import { insertOne, type DemoStep } from './demo-record.ts'

export const DEMO_COMPANY = 'Outpost Demo'
export const DEMO_ABBR = 'OD'
export const DEMO_CURRENCY = 'INR'

/** Names of the fixed masters, as the server named them. */
export interface DemoMasters {
  readonly company: string
  readonly currency: string
  readonly priceList: string
  readonly uoms: { readonly nos: string; readonly kg: string; readonly box: string; readonly hour: string }
  readonly itemGroups: { readonly products: string; readonly services: string; readonly rawMaterial: string }
  readonly customerGroups: { readonly commercial: string; readonly individual: string; readonly government: string }
  /** Leaf territories by their territory_name. */
  readonly territories: ReadonlyMap<string, string>
  readonly accounts: {
    readonly debtors: string; readonly sales: string; readonly cash: string; readonly bank: string
    readonly outputTax: string; readonly freight: string
  }
  readonly costCenter: string
  readonly warehouse: string
  readonly modesOfPayment: readonly { readonly name: string; readonly type: string }[]
}

export const LEAF_TERRITORIES = ['North', 'South', 'East', 'West', 'Rest Of The World'] as const

function* demoCurrencies(): DemoStep<string> {
  const inr = yield* insertOne('Currency', {
    currency_name: 'INR', enabled: 1, fraction: 'Paisa', fraction_units: 100, smallest_currency_fraction_value: 0.01,
    symbol: '₹', number_format: '#,##,###.##',
  })
  yield* insertOne('Currency', { currency_name: 'USD', enabled: 1, fraction: 'Cent', fraction_units: 100, smallest_currency_fraction_value: 0.01, symbol: '$', number_format: '#,###.##' })
  yield* insertOne('Currency', { currency_name: 'EUR', enabled: 1, fraction: 'Cent', fraction_units: 100, smallest_currency_fraction_value: 0.01, symbol: '€', number_format: '#.###,##' })
  return inr
}

function* demoUoms(): DemoStep<DemoMasters['uoms']> {
  return {
    nos: yield* insertOne('UOM', { uom_name: 'Nos', enabled: 1, must_be_whole_number: 1 }),
    kg: yield* insertOne('UOM', { uom_name: 'Kg', enabled: 1, must_be_whole_number: 0 }),
    box: yield* insertOne('UOM', { uom_name: 'Box', enabled: 1, must_be_whole_number: 1 }),
    hour: yield* insertOne('UOM', { uom_name: 'Hour', enabled: 1, must_be_whole_number: 0 }),
  }
}

function* demoItemGroups(): DemoStep<DemoMasters['itemGroups']> {
  const all = yield* insertOne('Item Group', { item_group_name: 'All Item Groups', is_group: 1 })
  return {
    products: yield* insertOne('Item Group', { item_group_name: 'Products', parent_item_group: all, is_group: 0 }),
    services: yield* insertOne('Item Group', { item_group_name: 'Services', parent_item_group: all, is_group: 0 }),
    rawMaterial: yield* insertOne('Item Group', { item_group_name: 'Raw Material', parent_item_group: all, is_group: 0 }),
  }
}

function* demoCustomerGroups(): DemoStep<DemoMasters['customerGroups']> {
  const all = yield* insertOne('Customer Group', { customer_group_name: 'All Customer Groups', is_group: 1 })
  return {
    commercial: yield* insertOne('Customer Group', { customer_group_name: 'Commercial', parent_customer_group: all, is_group: 0 }),
    individual: yield* insertOne('Customer Group', { customer_group_name: 'Individual', parent_customer_group: all, is_group: 0 }),
    government: yield* insertOne('Customer Group', { customer_group_name: 'Government', parent_customer_group: all, is_group: 0 }),
  }
}

/** The territory tree; returns the leaves by territory_name. */
function* demoTerritories(): DemoStep<Map<string, string>> {
  const territories = new Map<string, string>()
  const all = yield* insertOne('Territory', { territory_name: 'All Territories', is_group: 1 })
  const india = yield* insertOne('Territory', { territory_name: 'India', parent_territory: all, is_group: 1 })
  for (const t of ['North', 'South', 'East', 'West']) {
    territories.set(t, yield* insertOne('Territory', { territory_name: t, parent_territory: india, is_group: 0 }))
  }
  territories.set('Rest Of The World', yield* insertOne('Territory', { territory_name: 'Rest Of The World', parent_territory: all, is_group: 0 }))
  return territories
}

/** The four root groups of the chart of accounts, then the ledgers the demo posts to. */
function* demoAccounts(company: string, currency: string): DemoStep<DemoMasters['accounts']> {
  const account = (account_name: string, extra: Record<string, unknown>) =>
    insertOne('Account', { account_name, company, account_currency: currency, is_group: 0, ...extra })
  const assets = yield* account('Application of Funds (Assets)', { is_group: 1, root_type: 'Asset' })
  const liabilities = yield* account('Source of Funds (Liabilities)', { is_group: 1, root_type: 'Liability' })
  const income = yield* account('Income', { is_group: 1, root_type: 'Income' })
  const expenses = yield* account('Expenses', { is_group: 1, root_type: 'Expense' })
  return {
    debtors: yield* account('Debtors', { parent_account: assets, root_type: 'Asset', account_type: 'Receivable' }),
    cash: yield* account('Cash', { parent_account: assets, root_type: 'Asset', account_type: 'Cash' }),
    bank: yield* account('Bank', { parent_account: assets, root_type: 'Asset', account_type: 'Bank' }),
    outputTax: yield* account('Output Tax', { parent_account: liabilities, root_type: 'Liability', account_type: 'Tax', tax_rate: 18 }),
    sales: yield* account('Sales', { parent_account: income, root_type: 'Income', account_type: 'Income Account' }),
    freight: yield* account('Freight and Forwarding Charges', { parent_account: expenses, root_type: 'Expense', account_type: 'Chargeable' }),
  }
}

/** The company's root cost center and warehouse, each with the one leaf the demo uses. */
function* demoCostCenterAndWarehouse(company: string): DemoStep<{ costCenter: string; warehouse: string }> {
  const rootCostCenter = yield* insertOne('Cost Center', { cost_center_name: DEMO_COMPANY, company, is_group: 1 })
  const costCenter = yield* insertOne('Cost Center', { cost_center_name: 'Main', parent_cost_center: rootCostCenter, company, is_group: 0 })
  const allWarehouses = yield* insertOne('Warehouse', { warehouse_name: 'All Warehouses', company, is_group: 1 })
  const warehouse = yield* insertOne('Warehouse', {
    warehouse_name: 'Stores', parent_warehouse: allWarehouses, company, is_group: 0, city: 'Pune', address_line_1: '14 Industrial Estate',
  })
  return { costCenter, warehouse }
}

function* demoModesOfPayment(): DemoStep<DemoMasters['modesOfPayment']> {
  const modesOfPayment: { name: string; type: string }[] = []
  for (const [mode, type] of [['Cash', 'Cash'], ['Bank Draft', 'Bank'], ['Credit Card', 'Bank']] as const) {
    modesOfPayment.push({ name: yield* insertOne('Mode of Payment', { mode_of_payment: mode, type, enabled: 1 }), type })
  }
  return modesOfPayment
}

/** Currencies, UOMs, the company, the trees, accounts, cost center, warehouse, payment modes, price list. */
export function* demoMasters(): DemoStep<DemoMasters> {
  const currency = yield* demoCurrencies()
  const uoms = yield* demoUoms()
  const company = yield* insertOne('Company', {
    company_name: DEMO_COMPANY, abbr: DEMO_ABBR, default_currency: currency, country: 'India', date_of_establishment: '2019-04-01',
  })
  const itemGroups = yield* demoItemGroups()
  const customerGroups = yield* demoCustomerGroups()
  const territories = yield* demoTerritories()
  const accounts = yield* demoAccounts(company, currency)
  const { costCenter, warehouse } = yield* demoCostCenterAndWarehouse(company)
  const modesOfPayment = yield* demoModesOfPayment()
  const priceList = yield* insertOne('Price List', { price_list_name: 'Standard Selling', currency, selling: 1, buying: 0, enabled: 1 })
  return { company, currency, priceList, uoms, itemGroups, customerGroups, territories, accounts, costCenter, warehouse, modesOfPayment }
}
