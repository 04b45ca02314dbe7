import type { Doc } from '@outpost/meta'
import { addUsers, demoControllers, loadDemoDocTypes, openSite, startServer, type Clock, type RunningServer, type Site } from '@outpost/server'

export const ADMIN_TOKEN = 'admin-key:admin-secret-0123456789'
export const SALES_TOKEN = 'sales-key:sales-secret-0123456789'
export const SALES_USER = { username: 'sales@example.com', password: 'sales-password' }

/** The reference server over real HTTP, with demo DocTypes, an admin and a restricted sales user. */
export interface ReferenceSite {
  readonly url: string
  readonly site: Site
  readonly server: RunningServer
  /** Admin REST calls for arranging and checking tests. */
  readonly admin: AdminApi
  close(): Promise<void>
}

export interface AdminApi {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>
  insert(doctype: string, doc: Doc): Promise<Doc>
  get(doctype: string, name: string): Promise<Doc>
  count(doctype: string, filters?: unknown[]): Promise<number>
}

function adminApi(url: string): AdminApi {
  const call: AdminApi['call'] = async (method, path, body) => {
    const res = await fetch(url + path, {
      method, headers: { authorization: `token ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body),
    })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  const path = (doctype: string, name?: string): string => `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`
  return {
    call,
    async insert(doctype, doc) {
      const r = await call('POST', path(doctype), doc)
      if (r.status !== 200) throw new Error(`insert ${doctype}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`)
      return r.body['data'] as Doc
    },
    async get(doctype, name) {
      const r = await call('GET', path(doctype, name))
      if (r.status !== 200) throw new Error(`get ${doctype} ${name}: ${r.status}`)
      return r.body['data'] as Doc
    },
    async count(doctype, filters = []) {
      const q = new URLSearchParams({ doctype, filters: JSON.stringify(filters) })
      const r = await call('GET', `/api/method/frappe.client.get_count?${q.toString()}`)
      return Number(r.body['message'])
    },
  }
}

/** Masters a Sales Invoice needs: the demo profile of the server's conformance suite, trimmed. */
async function seedMasters(admin: AdminApi): Promise<void> {
  await admin.insert('Currency', { currency_name: 'INR', enabled: 1 })
  await admin.insert('UOM', { uom_name: 'Nos' })
  await admin.insert('Company', { company_name: 'Test Co', abbr: 'TC', default_currency: 'INR' })
  await admin.insert('Territory', { territory_name: 'All Territories', is_group: 1 })
  for (const t of ['North', 'South']) await admin.insert('Territory', { territory_name: t, parent_territory: 'All Territories' })
  await admin.insert('Customer Group', { customer_group_name: 'All Customer Groups', is_group: 1 })
  await admin.insert('Item Group', { item_group_name: 'All Item Groups', is_group: 1 })
  await admin.insert('Account', { account_name: 'Assets', company: 'Test Co', is_group: 1, root_type: 'Asset' })
  await admin.insert('Account', { account_name: 'Debtors', company: 'Test Co', parent_account: 'Assets - TC', account_type: 'Receivable' })
  await admin.insert('Account', { account_name: 'Sales', company: 'Test Co', root_type: 'Income' })
  await admin.insert('Cost Center', { cost_center_name: 'Main', company: 'Test Co' })
  for (const i of ['Widget', 'Gadget']) {
    await admin.insert('Item', { item_code: i, item_name: `${i} item`, item_group: 'All Item Groups', stock_uom: 'Nos', standard_rate: 50 })
  }
}

export async function startReferenceSite(options: { clock?: Clock } = {}): Promise<ReferenceSite> {
  const [key, secret] = ADMIN_TOKEN.split(':') as [string, string]
  const site = await openSite({
    dbPath: ':memory:', doctypes: loadDemoDocTypes(), controllers: demoControllers, adminApiKey: key, adminApiSecret: secret,
    ...(options.clock ? { clock: options.clock } : {}),
  })
  await addUsers(site, [{
    email: SALES_USER.username, fullName: 'Sam Sales', password: SALES_USER.password, roles: ['Sales User', 'Accounts User'],
    apiKey: 'sales-key', apiSecret: 'sales-secret-0123456789', userPermissions: [{ allow: 'Territory', forValue: 'North' }],
  }])
  const server = await startServer(site, { port: 0 })
  const admin = adminApi(server.url)
  await seedMasters(admin)
  return { url: server.url, site, server, admin, close: () => server.close() }
}

/** A customer in the sales user's territory. */
export function customerDoc(customerName: string, extra: Doc = {}): Doc {
  return { customer_name: customerName, customer_type: 'Company', territory: 'North', customer_group: 'All Customer Groups', ...extra }
}

/** A valid draft Sales Invoice for `customer`. */
export function invoiceDoc(customer: string, extra: Doc = {}): Doc {
  return {
    customer, company: 'Test Co', posting_date: '2026-03-15', currency: 'INR', debit_to: 'Debtors - TC',
    items: [{ item_code: 'Widget', qty: 2, rate: 50, income_account: 'Sales - TC' }, { item_code: 'Gadget', qty: 1, rate: 25 }],
    ...extra,
  }
}
