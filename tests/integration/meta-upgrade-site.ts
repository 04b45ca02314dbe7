import { loadDocType, type DocType } from '@outpost/meta'
import { demoControllers, loadDemoDocTypes, openSite, seedDemo, startServer, type RunningServer } from '@outpost/server'
import { DEMO_TOKEN } from './demo-server.ts'

type Json = Record<string, unknown>

/** When the upgrade happened, as the changed DocTypes' `modified` says. */
export const UPGRADED = '2026-12-01 00:00:00.000000'

const fieldsOf = (d: DocType): Json[] => [...((d.raw['fields'] as Json[] | undefined) ?? [])]

function edit(doctypes: readonly DocType[], name: string, change: (fields: Json[]) => Json[], modified?: string): DocType[] {
  return doctypes.map((d) => (d.name === name ? loadDocType({ ...d.raw, fields: change(fieldsOf(d)), ...(modified ? { modified } : {}) }) : d))
}

/** The demo site as the field laptop first knew it: Customer also has a `visit_count` (Data). */
export function siteBefore(): DocType[] {
  return edit(loadDemoDocTypes(), 'Customer', (fields) => [...fields, { fieldname: 'visit_count', fieldtype: 'Data', label: 'Visit Count' }])
}

const retype = (fieldname: string, fieldtype: string) => (f: Json): Json => (f['fieldname'] === fieldname ? { ...f, fieldtype } : f)
const without = (...names: string[]) => (f: Json): boolean => !names.includes(String(f['fieldname']))

/**
 * The upgraded site: Customer loses `website`, `customer_details` is renamed `customer_notes`,
 * `visit_count` becomes Int and `email_id` Small Text, `loyalty_tier` (Select, default Bronze) and
 * `credit_days` (Int, default 30) are new; Sales Invoice Item loses `warehouse`, gains
 * `discount_percentage`, and its `price_list_rate` becomes Float (its parent's `modified` stays);
 * Payment Entry loses `reference_no`.
 */
export function siteAfter(): DocType[] {
  let out = edit(siteBefore(), 'Customer', (fields) => [
    ...fields.filter(without('website', 'customer_details')).map(retype('visit_count', 'Int')).map(retype('email_id', 'Small Text')),
    { fieldname: 'customer_notes', fieldtype: 'Text', label: 'Customer Notes' },
    { fieldname: 'loyalty_tier', fieldtype: 'Select', label: 'Loyalty Tier', options: 'Bronze\nSilver\nGold', default: 'Bronze' },
    { fieldname: 'credit_days', fieldtype: 'Int', label: 'Credit Days', default: '30' },
  ], UPGRADED)
  out = edit(out, 'Sales Invoice Item', (fields) => [
    ...fields.filter(without('warehouse')).map(retype('price_list_rate', 'Float')),
    { fieldname: 'discount_percentage', fieldtype: 'Percent', label: 'Discount (%)' },
  ], UPGRADED)
  return edit(out, 'Payment Entry', (fields) => fields.filter(without('reference_no')), UPGRADED)
}

export interface FileSite {
  readonly url: string
  readonly port: number
  stop(): Promise<void>
}

/** The demo site on a SQLite file, served over HTTP: stop it and start it again with other DocTypes. */
export async function startFileSite(dbPath: string, doctypes: readonly DocType[], port = 0): Promise<FileSite> {
  const [key, secret] = DEMO_TOKEN.split(':') as [string, string]
  const site = await openSite({ dbPath, doctypes, controllers: demoControllers, adminApiKey: key, adminApiSecret: secret })
  await seedDemo(site, 'small')
  const server: RunningServer = await startServer(site, { port })
  return { url: server.url, port: Number(new URL(server.url).port), stop: () => server.close() }
}

/** A REST call as Administrator. */
export async function rest(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(url + path, { method, headers: { authorization: `token ${DEMO_TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) })
  const text = await res.text()
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} }
}

export async function serverList(url: string, doctype: string, filters: unknown, fields: readonly string[]): Promise<Json[]> {
  const q = new URLSearchParams({ filters: JSON.stringify(filters), fields: JSON.stringify(fields), limit_page_length: '0' })
  const r = await rest(url, 'GET', `/api/resource/${encodeURIComponent(doctype)}?${q.toString()}`)
  if (r.status !== 200) throw new Error(`list ${doctype}: ${String(r.status)} ${JSON.stringify(r.body).slice(0, 300)}`)
  return r.body['data'] as Json[]
}
