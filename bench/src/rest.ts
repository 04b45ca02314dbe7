import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { median, percentile, round } from './stats.ts'
import { startServerProcess } from './server-process.ts'
import { SERVER_ENV, TOKEN } from './auth.ts'

/**
 * REST benchmark of the reference server: Sales Invoice insert rate (3 items each), and
 * list-query latency on a site of `size` (large = 100k invoices). Ratios compare peers
 * measured in this same run, since absolute timings on a shared machine are noise.
 */
const AUTH = { authorization: `token ${TOKEN}`, 'content-type': 'application/json' }

async function call(url: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(url, { ...init, headers: AUTH })
  const body = (await res.json()) as Record<string, unknown>
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(body).slice(0, 300)}`)
  return body
}

async function timeMany(runs: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 5; i++) await fn()
  const out: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await fn()
    out.push(performance.now() - t)
  }
  return out
}

interface Master { customer: string; items: string[] }

async function masters(base: string): Promise<Master> {
  const q = (doctype: string, extra: Record<string, string> = {}) =>
    call(`${base}/api/resource/${encodeURIComponent(doctype)}?${new URLSearchParams({ limit_page_length: '3', ...extra })}`) as Promise<{ data: { name: string }[] }>
  const customers = await q('Customer', { filters: JSON.stringify({ disabled: 0 }) })
  const items = await q('Item', { filters: JSON.stringify({ disabled: 0 }) })
  return { customer: customers.data[0]!.name, items: items.data.map((i) => i.name) }
}

function invoice(m: Master, i: number): string {
  return JSON.stringify({
    customer: m.customer, company: 'Outpost Demo', posting_date: '2026-06-01', set_posting_time: 1, po_no: `BENCH-${i}`,
    items: m.items.map((item, k) => ({ item_code: item, qty: k + 1, rate: 10 + k })),
  })
}

async function insertRate(base: string, m: Master, total: number, concurrency: number): Promise<{ docs_per_s: number; p50_ms: number; p95_ms: number }> {
  const latencies: number[] = []
  let next = 0
  const t0 = performance.now()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++
      const t = performance.now()
      await call(`${base}/api/resource/Sales%20Invoice`, { method: 'POST', body: invoice(m, i) })
      latencies.push(performance.now() - t)
    }
  }))
  const seconds = (performance.now() - t0) / 1000
  return { docs_per_s: round(total / seconds, 1), p50_ms: round(median(latencies)), p95_ms: round(percentile(latencies, 95)) }
}

/** The same invoices through `frappe.client.insert_many`, 100 per request: the per-request cost, isolated. */
async function insertManyRate(base: string, m: Master, total: number): Promise<{ docs_per_s: number }> {
  const t0 = performance.now()
  for (let i = 0; i < total; i += 100) {
    const docs = Array.from({ length: Math.min(100, total - i) }, (_, k) => ({ doctype: 'Sales Invoice', ...(JSON.parse(invoice(m, i + k)) as object) }))
    await call(`${base}/api/method/frappe.client.insert_many`, { method: 'POST', body: JSON.stringify({ docs }) })
  }
  return { docs_per_s: round(total / ((performance.now() - t0) / 1000), 1) }
}

async function listLatency(base: string, m: Master, runs: number): Promise<Record<string, { p50_ms: number; p95_ms: number }>> {
  const list = (filters: unknown) => `${base}/api/resource/Sales%20Invoice?${new URLSearchParams({
    fields: JSON.stringify(['name', 'customer', 'posting_date', 'grand_total', 'status']), filters: JSON.stringify(filters),
    order_by: 'posting_date desc', limit_page_length: '20' })}`
  const count = (filters: unknown) => `${base}/api/method/frappe.client.get_count?${new URLSearchParams({ doctype: 'Sales Invoice', filters: JSON.stringify(filters) })}`
  const cases: Record<string, string> = {
    'list: customer = ? (indexed Link) order by posting_date desc limit 20': list({ customer: m.customer }),
    'list: status = Paid (no index on status) order by posting_date desc limit 20': list({ status: 'Paid' }),
    'list: po_no like %7% (no index on po_no) order by posting_date desc limit 20': list({ po_no: ['like', '%7%'] }),
    'get_count: customer = ?': count({ customer: m.customer }),
    'get_count: all': count({}),
    'get_count: po_no like %7% (reads every row)': count({ po_no: ['like', '%7%'] }),
  }
  const out: Record<string, { p50_ms: number; p95_ms: number }> = {}
  for (const [label, url] of Object.entries(cases)) {
    const samples = await timeMany(runs, () => call(url))
    out[label] = { p50_ms: round(median(samples)), p95_ms: round(percentile(samples, 95)) }
  }
  return out
}

export async function runRestBench(size: string, inserts: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-'))
  const port = String(18000 + Math.floor(Math.random() * 1000))
  const t0 = performance.now()
  const server = await startServerProcess(['--demo', '--demo-size', size, '--db', join(dir, 'site.db'), '--port', port],
    SERVER_ENV)
  const seedSeconds = (performance.now() - t0) / 1000
  try {
    const m = await masters(server.url)
    const invoices = ((await call(`${server.url}/api/method/frappe.client.get_count?doctype=Sales%20Invoice`)) as { message: number }).message
    const sequential = await insertRate(server.url, m, inserts, 1)
    const concurrent = await insertRate(server.url, m, inserts, 8)
    const batched = await insertManyRate(server.url, m, inserts)
    const queries = await listLatency(server.url, m, 100)
    return {
      size, invoices_on_site: invoices, seed_seconds: round(seedSeconds, 1), inserts_per_run: inserts,
      insert_sequential: sequential, insert_concurrency_8: concurrent,
      insert_many_100: batched, concurrency_8_vs_sequential: round(concurrent.docs_per_s / sequential.docs_per_s),
      insert_many_vs_sequential: round(batched.docs_per_s / sequential.docs_per_s), queries,
      node: process.version, package: (JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { name: string }).name,
    }
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
