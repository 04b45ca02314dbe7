import { createServer } from 'node:net'
import { createReplica, type Replica } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { frappeRemote } from '@outpost/remote-frappe'
import { sqliteStore } from '@outpost/store-sqlite'
import { TOKEN } from './auth.ts'
import { median, percentile, round } from './stats.ts'

/** Offline saves and warm local queries on a booted replica file, reopened with the server gone. */
export interface Latency { p50_ms: number; p95_ms: number }

const latency = (samples: readonly number[]): Latency => ({ p50_ms: round(median(samples), 3), p95_ms: round(percentile(samples, 95), 3) })

/** Saves with the p50 of their first and last 100: a rise means a save's cost grows with the outbox. */
export interface SaveLatency extends Latency { first_100_p50_ms: number; last_100_p50_ms: number }

const saveLatency = (samples: readonly number[]): SaveLatency => ({
  ...latency(samples), first_100_p50_ms: round(median(samples.slice(0, 100)), 3), last_100_p50_ms: round(median(samples.slice(-100)), 3),
})

/** A loopback port nothing listens on: connections to it are refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (typeof address !== 'object' || address === null) throw new Error('no port')
  return address.port
}

export async function openOffline(path: string, doctypes: readonly string[]): Promise<Replica> {
  const url = `http://127.0.0.1:${await closedPort()}`
  return createReplica({ store: sqliteStore({ path }), remote: frappeRemote({ url, token: TOKEN }), doctypes })
}

async function timeEach<T>(inputs: readonly T[], fn: (input: T, i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = []
  for (const [i, input] of inputs.entries()) {
    const t = performance.now()
    await fn(input, i)
    out.push(performance.now() - t)
  }
  return out
}

async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await fn()
  return timeEach(Array.from({ length: runs }), fn)
}

/** A new draft like a pulled one: its header, three rows from its items (or the first one repeated). */
async function invoiceTemplate(replica: Replica): Promise<(i: number) => Doc> {
  const [first] = await replica.db.getDocList('Sales Invoice', { fields: ['name'], limit: 1 })
  if (!first) throw new Error('no Sales Invoice to copy')
  const source = await replica.db.getDoc('Sales Invoice', String(first['name']))
  const rows = source['items'] as Doc[]
  const header = ['customer', 'company', 'currency', 'selling_price_list', 'debit_to', 'naming_series', 'posting_date', 'due_date']
  return (i) => ({
    ...Object.fromEntries(header.filter((f) => source[f] !== undefined).map((f) => [f, source[f]])),
    po_no: `BENCH-${i}`,
    items: [0, 1, 2].map((k) => ({ item_code: (rows[k] ?? rows[0])!['item_code'], qty: k + 1, rate: 10 + k })),
  })
}

export interface SaveResult {
  create: SaveLatency
  update: SaveLatency
  saves: number
  /** Updates of pulled drafts (the rest update the documents created here). */
  updates_of_pulled_drafts: number
}

export async function offlineSaves(replica: Replica, saves: number): Promise<SaveResult> {
  const make = await invoiceTemplate(replica)
  const created: string[] = []
  const create = await timeEach(Array.from({ length: saves }, (_, i) => make(i)), async (doc) => {
    created.push(String((await replica.db.createDoc('Sales Invoice', doc))['name']))
  })
  const drafts = await replica.db.getDocList('Sales Invoice', { fields: ['name'], filters: { docstatus: 0, po_no: ['not like', 'BENCH-%'] }, limit: saves })
  const pulled = drafts.map((d) => String(d['name']))
  const targets = [...pulled, ...created].slice(0, saves)
  const update = await timeEach(targets, (name, i) => replica.db.updateDoc('Sales Invoice', name, { remarks: `bench update ${i}` }))
  return { create: saveLatency(create), update: saveLatency(update), saves, updates_of_pulled_drafts: Math.min(pulled.length, saves) }
}

/** The customer with an invoice first in the list: any customer the demo gave invoices. */
async function someCustomer(replica: Replica): Promise<string> {
  const [row] = await replica.db.getDocList('Sales Invoice', { fields: ['customer'], filters: { po_no: ['not like', 'BENCH-%'] }, limit: 1 })
  if (!row) throw new Error('no Sales Invoice')
  return String(row['customer'])
}

export async function queryLatency(replica: Replica, runs: number): Promise<Record<string, Latency>> {
  const customer = await someCustomer(replica)
  const fields = ['name', 'customer', 'posting_date', 'grand_total']
  const orderBy = { field: 'posting_date', order: 'desc' } as const
  const cases: Record<string, () => Promise<unknown>> = {
    'getDocList: customer = ? order by posting_date desc limit 20': () =>
      replica.db.getDocList('Sales Invoice', { fields, filters: { customer }, orderBy, limit: 20 }),
    'getCount: customer = ?': () => replica.db.getCount('Sales Invoice', { customer }),
    'getDocList: po_no like %7% (unindexed) order by posting_date desc limit 20': () =>
      replica.db.getDocList('Sales Invoice', { fields, filters: { po_no: ['like', '%7%'] }, orderBy, limit: 20 }),
    "searchLink('Customer', 'a')": () => replica.searchLink('Customer', 'a'),
    "searchLink('Item', 'x')": () => replica.searchLink('Item', 'x'),
  }
  const out: Record<string, Latency> = {}
  for (const [label, fn] of Object.entries(cases)) out[label] = latency(await timeRuns(runs, fn))
  return out
}
