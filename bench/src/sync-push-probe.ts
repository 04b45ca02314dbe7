import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { SERVER_ENV, TOKEN } from './auth.ts'
import { startServerProcess } from './server-process.ts'
import { round } from './stats.ts'
import { printTop, profileTop } from './sync-profile-top.ts'
import { randomUUID } from 'node:crypto'
import { clientUuid, pushMutations as mutations } from './sync-push-mutations.ts'
import { processCpuSeconds } from './sync-process-cpu.ts'

/**
 * `outpost.sync.push` throughput over loopback: N offline-created Sales Invoices (3 items
 * each), 1% of them for a Customer created offline in the same batch (temp name), in
 * batches of up to 1000 mutations, against `outpost serve --demo` in its own process.
 *
 *   node --conditions=outpost-source --import tsx bench/src/sync-push-probe.ts [--invoices 10000] [--batch 1000] [--size small]
 *
 * `--rest` sends the same invoices through `frappe.client.insert_many` (100 per request)
 * instead, for comparison on the same machine at the same time.
 * `--url http://127.0.0.1:8000` pushes to a server already running instead.
 * Mutation ids, `outpost_id`s and temp names are time-ordered (UUID v7) as a replica makes
 * them; `--random-ids` makes them random (v4) instead, as replicas before v7 did: the server's
 * indexes on them then take new keys on random pages.
 * `--warmup N` first pushes N invoices that are not measured (a warm server, as in `bench:sync`,
 * where pushes follow boots).
 * `--cpu-prof DIR` runs the server under `node --cpu-prof` (profile written to DIR) and prints
 * its heaviest functions by self time while the push ran. `--server-node-arg X` (repeatable)
 * passes X to the server's node (`--trace-gc`, say).
 */
const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '1000' },
    size: { type: 'string', default: 'small' },
    url: { type: 'string' },
    rest: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    warmup: { type: 'string', default: '0' },
    'random-ids': { type: 'boolean', default: false },
    'server-node-arg': { type: 'string', multiple: true, default: [] },
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

interface Masters { readonly customers: string[]; readonly items: string[] }

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

/** The push's window on the monotonic clock, in µs, for the profile. */
const window = { from: 0, to: 0 }
const nowUs = (): number => Number(process.hrtime.bigint() / 1000n)

async function probe(url: string, serverCpu: () => number | undefined): Promise<void> {
  const m = { customers: await names(url, 'Customer', 3), items: await names(url, 'Item', 3) }
  if (values.rest) return restProbe(url, m, serverCpu)
  const batch = Number(values.batch)
  const uuid = values['random-ids'] ? randomUUID : clientUuid
  const warm = mutations(m, Number(values.warmup), 'WARMUP', uuid)
  for (let i = 0; i < warm.length; i += batch) await call(`${url}/api/method/outpost.sync.push`, { mutations: warm.slice(i, i + batch) })
  const all = mutations(m, Number(values.invoices), 'PROBE', uuid)
  const statuses: Record<string, number> = {}
  const cpu0 = serverCpu()
  const t0 = performance.now()
  window.from = nowUs()
  for (let i = 0; i < all.length; i += batch) {
    const body = await call(`${url}/api/method/outpost.sync.push`, { mutations: all.slice(i, i + batch) }) as { message: { results: { status: string }[] } }
    for (const r of body.message.results) {
      statuses[r.status] = (statuses[r.status] ?? 0) + 1
      if (r.status !== 'accepted' && (statuses[r.status] ?? 0) < 3) console.error(r)
    }
  }
  window.to = nowUs()
  const seconds = (performance.now() - t0) / 1000
  console.log(JSON.stringify({ mutations: all.length, batch, seconds: round(seconds, 2), docs_per_s: round(all.length / seconds, 0), ...serverCost(cpu0, serverCpu(), all.length), statuses, node: process.version }))
}

async function run(): Promise<void> {
  if (values.url !== undefined) return probe(values.url, () => undefined)
  const dir = mkdtempSync(join(tmpdir(), 'outpost-push-probe-'))
  const port = String(19000 + Math.floor(Math.random() * 1000))
  const profDir = values['cpu-prof']
  const nodeArgs = [...values['server-node-arg'], ...(profDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', profDir])]
  const server = await startServerProcess(['--demo', '--demo-size', values.size, '--db', join(dir, 'site.db'), '--port', port], SERVER_ENV, undefined, nodeArgs)
  try {
    await probe(server.url, () => processCpuSeconds(server.child.pid))
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  if (profDir !== undefined) {
    console.log(JSON.stringify({ profile_window_us: [window.from, window.to] }))
    printTop(profileTop(profDir, window.from, window.to))
  }
}

await run()
