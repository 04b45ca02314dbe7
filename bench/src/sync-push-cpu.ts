import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { demoControllers, loadDemoDocTypes, openSite, seedDemo, startServer, type RunningServer, type Site } from '@outpost/server'
import { TOKEN } from './auth.ts'
import { median, round } from './stats.ts'
import { printAllocations, startAllocationSampling, watchGc } from './sync-heap-profile.ts'
import { printTop, selfTimeTop, type CpuProfile } from './sync-profile-top.ts'
import { pushMutations, type PushMasters } from './sync-push-mutations.ts'
import { SqlTimes } from './sync-sql-timing.ts'

/**
 * The server's CPU per pushed document, in one process: a small demo site on SQLite, the batches
 * of `sync-push-probe.ts` handed to the server's HTTP app with `inject` (routing, JSON body,
 * `outpost.sync.push`, realtime listener; no sockets), CPU time (`process.cpuUsage`) summed
 * over the requests only, and the main thread's alone (without the WAL checkpoint worker and
 * V8's helper threads). A first push of `--warmup` invoices is left out of the figures.
 *
 *   node --conditions=outpost-source --import tsx bench/src/sync-push-cpu.ts [--invoices 5000] [--warmup 2000] [--repeat 3]
 *
 * The measured push runs `--repeat` times (each with new documents); the median is the figure.
 * `--profile` prints the heaviest functions by self time (`--inclusive`: by time on the stack;
 * `--profile-out FILE` also writes the profile, for DevTools); `--alloc` the functions that
 * allocate most (V8's sampling heap profiler); `--sql` each statement's time, and the commits'.
 */
const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '5000' },
    warmup: { type: 'string', default: '500' },
    batch: { type: 'string', default: '1000' },
    size: { type: 'string', default: 'small' },
    repeat: { type: 'string', default: '3' },
    profile: { type: 'boolean', default: false },
    inclusive: { type: 'boolean', default: false },
    'profile-out': { type: 'string' },
    alloc: { type: 'boolean', default: false },
    sql: { type: 'boolean', default: false },
  },
})

/** CPU µs the main thread used so far (Linux: /proc; 0 elsewhere). */
function mainThreadCpuUs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100
  } catch {
    return 0
  }
}

async function names(site: Site, table: string): Promise<string[]> {
  const rows = await site.db.transaction((tx) => tx.all<{ name: string }>(`SELECT "name" FROM "${table}" WHERE "disabled" = 0 ORDER BY "name" LIMIT 3`), { readOnly: true })
  return rows.map((r) => r.name)
}

interface PushRun { docs: number; cpuUs: number; mainUs: number; statuses: Record<string, number> }

/** One push of `invoices` new invoices, batch by batch; CPU counted over the requests only. */
async function push(server: RunningServer, masters: PushMasters, invoices: number, tag: string): Promise<PushRun> {
  const all = pushMutations(masters, invoices, tag)
  const batch = Number(values.batch)
  const out: PushRun = { docs: all.length, cpuUs: 0, mainUs: 0, statuses: {} }
  for (let i = 0; i < all.length; i += batch) {
    const payload = JSON.stringify({ mutations: all.slice(i, i + batch) })
    const m0 = mainThreadCpuUs()
    const c0 = process.cpuUsage()
    const res = await server.app.inject({ method: 'POST', url: '/api/method/outpost.sync.push', headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' }, payload })
    const c = process.cpuUsage(c0)
    out.cpuUs += c.user + c.system
    out.mainUs += mainThreadCpuUs() - m0
    if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body.slice(0, 300)}`)
    for (const r of (JSON.parse(res.body) as { message: { results: { status: string }[] } }).message.results) out.statuses[r.status] = (out.statuses[r.status] ?? 0) + 1
  }
  return out
}

/** The measured pushes, under the profilers asked for; prints the figures and what the profilers saw. */
async function measure(server: RunningServer, masters: PushMasters, sqlTimes: SqlTimes): Promise<void> {
  const session = new Session()
  if (values.alloc || values.profile) session.connect()
  if (values.alloc) await startAllocationSampling(session)
  if (values.profile) {
    await session.post('Profiler.enable')
    await session.post('Profiler.start')
  }
  const gc = watchGc()
  const runs: PushRun[] = []
  for (let k = 0; k < Number(values.repeat); k++) runs.push(await push(server, masters, Number(values.invoices), `CPU${k}`))
  const gcMs = gc.stop()
  const docs = runs.reduce((n, r) => n + r.docs, 0)
  const perDoc = runs.map((r) => round(r.cpuUs / r.docs, 0))
  const mainPerDoc = runs.map((r) => round(r.mainUs / r.docs, 0))
  console.log(JSON.stringify({
    mutations: runs[0]?.docs, server_cpu_us_per_doc: median(perDoc), runs: perDoc, main_thread_us_per_doc: median(mainPerDoc), main_runs: mainPerDoc,
    gc_pause_us_per_doc: round((gcMs.ms * 1000) / docs, 0), gc_ms_by_kind: gcMs.byKind, docs_per_server_cpu_s: round(1e6 / median(perDoc), 0),
    statuses: runs[runs.length - 1]?.statuses, node: process.version,
  }))
  if (values.alloc) await printAllocations(session, docs)
  if (values.profile) {
    const profile = (await session.post('Profiler.stop')).profile as unknown as CpuProfile
    if (values['profile-out'] !== undefined) writeFileSync(values['profile-out'], JSON.stringify(profile))
    printTop(selfTimeTop(profile, 0, Infinity, values.inclusive ? 80 : 30, values.inclusive))
  }
  if (values.sql) sqlTimes.print(docs)
}

async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-push-cpu-'))
  const [key, secret] = TOKEN.split(':')
  const opened = await openSite({ dbPath: join(dir, 'site.db'), doctypes: loadDemoDocTypes(), controllers: demoControllers, adminApiKey: key, adminApiSecret: secret })
  await seedDemo(opened, values.size as 'small')
  const sqlTimes = new SqlTimes()
  const site: Site = values.sql ? { ...opened, db: sqlTimes.wrap(opened.db) } : opened
  const server = await startServer(site, { port: 0 })
  try {
    const masters = { customers: await names(site, 'tabCustomer'), items: await names(site, 'tabItem') }
    await push(server, masters, Number(values.warmup), 'WARM')
    sqlTimes.clear()
    await measure(server, masters, sqlTimes)
  } finally {
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

await run()
