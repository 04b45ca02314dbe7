import type { Replica } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { countIdb, idbCounts, idbCountsSince, type IdbCounts } from './browser-idb-count.ts'
import { floorSaveSamples } from './browser-save-floor.ts'

/**
 * Saves and list queries on the booted replica, in the page, one at a time: what a desk user
 * waits for. Each returns its samples in ms; the first few (warming up) are not kept.
 */
const WARM_UP = 5

async function timeEach(count: number, fn: (i: number) => Promise<unknown>, idb?: IdbCounts[]): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await fn(count + i)
  const out: number[] = []
  const before = idbCounts()
  const stop = countIdb()
  try {
    for (let i = 0; i < count; i++) {
      const t = performance.now()
      await fn(i)
      out.push(performance.now() - t)
    }
  } finally {
    stop()
  }
  idb?.push(idbCountsSince(before))
  return out
}

/** IndexedDB transactions and requests (cursor steps included) per timed call. */
export interface IdbPerCall {
  transactions: number
  requests: number
}

function perCall(counts: readonly IdbCounts[], calls: number): IdbPerCall {
  const sum = (f: (c: IdbCounts) => number) => counts.reduce((a, c) => a + f(c), 0)
  const round = (n: number) => Math.round((n / calls) * 100) / 100
  return { transactions: round(sum((c) => c.readonly + c.readwrite)), requests: round(sum((c) => c.requests + c.cursorSteps)) }
}

/** A new draft like a pulled one: its header, three rows from its items. */
async function invoiceTemplate(replica: Replica): Promise<{ source: string; make: (i: number) => Doc }> {
  const [first] = await replica.db.getDocList('Sales Invoice', { fields: ['name'], limit: 1 })
  if (!first) throw new Error('no Sales Invoice to copy')
  const source = await replica.db.getDoc('Sales Invoice', String(first['name']))
  const rows = source['items'] as Doc[]
  const header = ['customer', 'company', 'currency', 'selling_price_list', 'debit_to', 'naming_series', 'posting_date', 'due_date']
  const make = (i: number): Doc => ({
    ...Object.fromEntries(header.filter((f) => source[f] !== undefined).map((f) => [f, source[f]])),
    po_no: `BROWSER-${i}`,
    items: [0, 1, 2].map((k) => ({ item_code: (rows[k] ?? rows[0])!['item_code'], qty: k + 1, rate: 10 + k })),
  })
  return { source: String(first['name']), make }
}

export interface SaveSamples {
  create: number[]
  update: number[]
  /** IndexedDB work per timed save. */
  idb: IdbPerCall
  /** The same requests in the same round trips with no engine (browser-save-floor.ts), timed after. */
  floor_create: number[]
  floor_update: number[]
  floor_puts: number[]
  /** Store calls per save (warm-up and template reads included), and their time. */
  per_save?: { store_reads: number; store_read_ms: number; store_writes: number; store_write_ms: number }
}

/**
 * `count` createDoc of a 3-item invoice, then `count` updateDoc of pulled drafts; then the floor
 * of each (other drafts), in the same database. The floor goes second, after the engine's saves
 * gave the storage more time to settle: if anything, that favours the floor.
 */
export async function saveSamples(replica: Replica, database: string, count: number): Promise<SaveSamples> {
  const { source, make } = await invoiceTemplate(replica)
  const idb: IdbCounts[] = []
  const create = await timeEach(count, (i) => replica.db.createDoc('Sales Invoice', make(i)), idb)
  const each = count + WARM_UP
  const drafts = await replica.db.getDocList('Sales Invoice', { fields: ['name'], filters: { docstatus: 0, po_no: ['not like', 'BROWSER-%'] }, limit: 2 * each })
  if (drafts.length === 0) throw new Error('no pulled draft to update')
  const mine = drafts.slice(0, each)
  const name = (i: number): string => String(mine[i % mine.length]!['name'])
  const update = await timeEach(count, (i) => replica.db.updateDoc('Sales Invoice', name(i), { remarks: `browser bench update ${i}` }), idb)
  const floorDrafts = (drafts.length > each ? drafts.slice(each) : drafts).map((d) => String(d['name']))
  const floor = await floorSaveSamples({ database, template: source, drafts: floorDrafts }, count, WARM_UP)
  return { create, update, idb: perCall(idb, 2 * count), floor_create: floor.create, floor_update: floor.update, floor_puts: floor.puts }
}

export interface ListSamples {
  /** getDocList, one page. */
  list: number[]
  /** getCount with the same filter, as a list view shows beside its page. */
  count: number[]
  idb_list: IdbPerCall
  idb_count: IdbPerCall
}

/** getDocList Sales Invoice, customer = ?, posting_date desc, limit 20, over the first 50 customers; then getCount of each. */
export async function listSamples(replica: Replica, count: number): Promise<ListSamples> {
  const customers = (await replica.db.getDocList('Customer', { fields: ['name'], limit: 50 })).map((c) => String(c['name']))
  if (customers.length === 0) throw new Error('no Customer')
  const fields = ['name', 'customer', 'posting_date', 'grand_total']
  const customer = (i: number): string => customers[i % customers.length]!
  const idbList: IdbCounts[] = []
  const idbCount: IdbCounts[] = []
  const list = await timeEach(count, async (i) => {
    const rows = await replica.db.getDocList('Sales Invoice', { fields, filters: { customer: customer(i) }, orderBy: { field: 'posting_date', order: 'desc' }, limit: 20 })
    if (rows.length > 20) throw new Error('limit not kept')
  }, idbList)
  const counts = await timeEach(count, (i) => replica.db.getCount('Sales Invoice', { customer: customer(i) }), idbCount)
  return { list, count: counts, idb_list: perCall(idbList, count), idb_count: perCall(idbCount, count) }
}
