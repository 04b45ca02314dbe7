import { createReplica, type Replica } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { outpostRemote } from '@outpost/remote-outpost'
import { sqliteStore } from '@outpost/store-sqlite'
import { TOKEN } from './auth.ts'

/** Push and catch-up runs of the sync-protocol suite, on a replica booted over the Outpost protocol. */
export const DOCTYPES = ['Customer', 'Item', 'Sales Invoice', 'Payment Entry']

export function openOutpostReplica(url: string, path: string, pageSize: number): Promise<Replica> {
  return createReplica({ store: sqliteStore({ path }), remote: outpostRemote({ url, token: TOKEN }), doctypes: DOCTYPES, pageSize })
}

async function template(replica: Replica): Promise<{ customers: string[]; make: (i: number, customer: string) => Doc; customerDoc: (i: number) => Doc }> {
  const [first] = await replica.db.getDocList('Sales Invoice', { fields: ['name'], limit: 1 })
  if (!first) throw new Error('no Sales Invoice to copy')
  const source = await replica.db.getDoc('Sales Invoice', String(first['name']))
  const rows = source['items'] as Doc[]
  const header = ['company', 'currency', 'selling_price_list', 'debit_to', 'naming_series', 'posting_date', 'due_date']
  const customers = (await replica.db.getDocList('Customer', { fields: ['name'], filters: { disabled: 0 }, limit: 200 })).map((c) => String(c['name']))
  const customer = await replica.db.getDoc('Customer', customers[0]!)
  return {
    customers,
    make: (i, c) => ({
      ...Object.fromEntries(header.filter((f) => source[f] !== undefined).map((f) => [f, source[f]])),
      customer: c, po_no: `PUSH-${i}`,
      items: [0, 1, 2].map((k) => ({ item_code: (rows[k] ?? rows[0])!['item_code'], qty: k + 1, rate: 10 + k })),
    }),
    customerDoc: (i) => ({ customer_name: `Offline Customer ${i}`, customer_group: customer['customer_group'], territory: customer['territory'] }),
  }
}

/** `invoices` new Sales Invoices, 1% of them for Customers also created offline. */
export async function createOffline(replica: Replica, invoices: number, run: number): Promise<number> {
  const t = await template(replica)
  const fresh: string[] = []
  const newCustomers = Math.max(1, Math.round(invoices / 100))
  for (let i = 0; i < newCustomers; i++) fresh.push(String((await replica.db.createDoc('Customer', t.customerDoc(run * 100_000 + i)))['name']))
  for (let i = 0; i < invoices; i++) {
    const customer = i % 100 === 0 ? fresh[(i / 100) % fresh.length]! : t.customers[i % t.customers.length]!
    await replica.db.createDoc('Sales Invoice', t.make(run * 100_000 + i, customer))
  }
  return newCustomers + invoices
}

/** Seconds from `sync()` to the last push progress event, and the sync's summary. */
export async function timedPush(replica: Replica): Promise<{ seconds: number; pushed: number; rejected: number }> {
  let lastPush = 0
  const off = replica.on('status', (s) => {
    if (s.progress?.phase === 'push') lastPush = performance.now()
  })
  const t0 = performance.now()
  const summary = await replica.sync()
  off()
  if (summary.offline || summary.authRequired) throw new Error(`push did not reach the server: ${JSON.stringify(summary)}`)
  return { seconds: ((lastPush || performance.now()) - t0) / 1000, pushed: summary.pushed, rejected: summary.rejected }
}

async function rest(url: string, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(url + path, { method, headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`)
  await res.arrayBuffer()
}

/** Eight at a time, as several desk users would. */
async function inParallel<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < items.length) await fn(items[next++]!)
  }))
}

/** `changes` server-side edits and `deletions` deletions of drafts the replica holds, made over REST. */
export async function serverSideChanges(url: string, replica: Replica, changes: number, deletions: number, run: number): Promise<void> {
  const drafts = await replica.db.getDocList('Sales Invoice', {
    fields: ['name'], filters: { docstatus: 0, po_no: ['not like', 'PUSH-%'] }, orderBy: { field: 'name', order: 'asc' }, limit_start: run * (changes + deletions), limit: changes + deletions,
  })
  if (drafts.length < changes + deletions) throw new Error(`only ${drafts.length} drafts to change`)
  const path = (name: unknown): string => `/api/resource/Sales%20Invoice/${encodeURIComponent(String(name))}`
  await inParallel(drafts.slice(0, changes), (d) => rest(url, 'PUT', path(d['name']), { remarks: `changed on the server, run ${run}` }))
  await inParallel(drafts.slice(changes), (d) => rest(url, 'DELETE', path(d['name'])))
}

export async function timedCatchUp(replica: Replica, changes: number, deletions: number): Promise<number> {
  const t0 = performance.now()
  const summary = await replica.sync()
  const seconds = (performance.now() - t0) / 1000
  if (summary.pulled < changes || summary.deleted < deletions) throw new Error(`catch-up missed changes: ${JSON.stringify(summary)}`)
  return seconds
}
