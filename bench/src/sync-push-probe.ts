import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { randomUUID } from 'node:crypto'
import { SERVER_ENV, TOKEN } from './auth.ts'
import { startServerProcess } from './server-process.ts'
import { round } from './stats.ts'

/**
 * `outpost.sync.push` throughput over loopback: N offline-created Sales Invoices (3 items
 * each), 1% of them for a Customer created offline in the same batch (temp name), in
 * batches of up to 1000 mutations, against `outpost serve --demo` in its own process.
 *
 *   node --conditions=outpost-source --import tsx bench/src/sync-push-probe.ts [--invoices 10000] [--batch 1000] [--size small]
 *
 * `--rest` sends the same invoices through `frappe.client.insert_many` (100 per request)
 * instead, for comparison on the same machine at the same time.
 * `--url http://127.0.0.1:8000` pushes to a server already running (one started with
 * `node --cpu-prof packages/cli/bin/outpost.js serve --demo …`, to profile it) instead.
 */
const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '1000' },
    size: { type: 'string', default: 'small' },
    url: { type: 'string' },
    rest: { type: 'boolean', default: false },
  },
})

const HEADERS = { authorization: `token ${TOKEN}`, 'content-type': 'application/json' }

async function call(url: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, body === undefined ? { headers: HEADERS } : { method: 'POST', headers: HEADERS, body: JSON.stringify(body) })
  const json = (await res.json()) as Record<string, unknown>
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(json).slice(0, 300)}`)
  return json
}

async function names(base: string, doctype: string, n: number): Promise<string[]> {
  const q = new URLSearchParams({ limit_page_length: String(n), filters: JSON.stringify({ disabled: 0 }) })
  const body = await call(`${base}/api/resource/${encodeURIComponent(doctype)}?${q}`) as { data: { name: string }[] }
  return body.data.map((d) => d.name)
}

const tempName = (slug: string): string => `new-${slug}-${randomUUID()}`

interface Masters { readonly customers: string[]; readonly items: string[] }

/** The mutations of the whole run: per invoice, first (1 in 100) the insert of its offline Customer. */
function mutations(m: Masters, invoices: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (let i = 0; i < invoices; i++) {
    let customer = m.customers[i % m.customers.length]!
    if (i % 100 === 0) {
      customer = tempName('customer')
      out.push({
        mutation_id: randomUUID(), outpost_id: randomUUID(), kind: 'insert', doctype: 'Customer', name: customer, base_modified: null,
        doc: { customer_name: `Offline Customer ${i}`, customer_type: 'Company', territory: 'North', customer_group: 'Commercial' },
      })
    }
    out.push({
      mutation_id: randomUUID(), outpost_id: randomUUID(), kind: 'insert', doctype: 'Sales Invoice', name: tempName('sales-invoice'), base_modified: null,
      doc: {
        customer, company: 'Outpost Demo', posting_date: '2026-06-01', set_posting_time: 1, po_no: `PROBE-${i}`,
        items: m.items.map((item, k) => ({ item_code: item, qty: k + 1, rate: 10 + k })),
      },
    })
  }
  return out
}

/** The same documents through REST `insert_many` (100 a request); a temp-named Customer is not possible there, so invoices use existing ones. */
async function restProbe(url: string, m: Masters, serverCpu: () => number | undefined): Promise<void> {
  const docs = mutations({ ...m }, Number(values.invoices)).filter((x) => x['doctype'] === 'Sales Invoice')
    .map((x, i) => ({ doctype: 'Sales Invoice', ...(x['doc'] as object), customer: m.customers[i % m.customers.length] }))
  const cpu0 = serverCpu()
  const t0 = performance.now()
  for (let i = 0; i < docs.length; i += 100) await call(`${url}/api/method/frappe.client.insert_many`, { docs: docs.slice(i, i + 100) })
  const seconds = (performance.now() - t0) / 1000
  console.log(JSON.stringify({ rest_insert_many: docs.length, seconds: round(seconds, 2), docs_per_s: round(docs.length / seconds, 0), ...serverCost(cpu0, serverCpu(), docs.length), node: process.version }))
}

/** Server CPU per document, and the rate one fully busy core would reach at that cost. */
function serverCost(before: number | undefined, after: number | undefined, docs: number): Record<string, number> {
  if (before === undefined || after === undefined) return {}
  const perDoc = ((after - before) * 1e6) / docs
  return { server_cpu_us_per_doc: round(perDoc, 0), docs_per_server_cpu_s: round(1e6 / perDoc, 0) }
}

async function probe(url: string, serverCpu: () => number | undefined): Promise<void> {
  const m = { customers: await names(url, 'Customer', 3), items: await names(url, 'Item', 3) }
  if (values.rest) return restProbe(url, m, serverCpu)
  const all = mutations(m, Number(values.invoices))
  const batch = Number(values.batch)
  const statuses: Record<string, number> = {}
  const cpu0 = serverCpu()
  const t0 = performance.now()
  for (let i = 0; i < all.length; i += batch) {
    const body = await call(`${url}/api/method/outpost.sync.push`, { mutations: all.slice(i, i + batch) }) as { message: { results: { status: string }[] } }
    for (const r of body.message.results) {
      statuses[r.status] = (statuses[r.status] ?? 0) + 1
      if (r.status !== 'accepted' && (statuses[r.status] ?? 0) < 3) console.error(r)
    }
  }
  const seconds = (performance.now() - t0) / 1000
  console.log(JSON.stringify({ mutations: all.length, batch, seconds: round(seconds, 2), docs_per_s: round(all.length / seconds, 0), ...serverCost(cpu0, serverCpu(), all.length), statuses, node: process.version }))
}

/** CPU seconds a process used so far (Linux /proc; undefined elsewhere). */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

async function run(): Promise<void> {
  if (values.url !== undefined) return probe(values.url, () => undefined)
  const dir = mkdtempSync(join(tmpdir(), 'outpost-push-probe-'))
  const port = String(19000 + Math.floor(Math.random() * 1000))
  const server = await startServerProcess(['--demo', '--demo-size', values.size, '--db', join(dir, 'site.db'), '--port', port], SERVER_ENV)
  try {
    await probe(server.url, () => cpuSeconds(server.child.pid))
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await run()
