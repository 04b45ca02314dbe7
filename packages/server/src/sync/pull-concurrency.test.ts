import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { demoProfile } from '../../test/conformance/demo-profile.ts'
import { ADMIN_KEY, ADMIN_SECRET, startTestSite, type TestSite } from '../../test/harness.ts'

/**
 * Writers and pullers in their own processes against one server: every pull sequence ends
 * equal to the server, and each answer of the change log mentions every document whose
 * entries it covers (no commit is skipped, whatever interleaving the processes produce).
 */
const TOKEN = `${ADMIN_KEY}:${ADMIN_SECRET}`
const WRITERS = 3
const PULLERS = 2
const OPS = 60

/** A writer: REST inserts, updates, renames and deletes of Customers, and pushed batches. */
const WRITER = `
const [url, token, id, ops] = process.argv.slice(2)
const headers = { authorization: 'token ' + token, 'content-type': 'application/json' }
const call = async (method, path, body) => {
  const res = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const json = await res.json()
  if (res.status >= 300) throw new Error(method + ' ' + path + ' ' + res.status + ' ' + JSON.stringify(json).slice(0, 300))
  return json
}
const customer = (n) => ({ customer_name: 'W' + id + ' ' + n, customer_type: 'Company', territory: 'North', customer_group: 'All Customer Groups' })
const uuid = () => crypto.randomUUID()
const mine = []
let n = 0
const pick = () => mine[Math.floor(Math.random() * mine.length)]
for (let i = 0; i < Number(ops); i++) {
  const r = Math.random()
  const res = '/api/resource/Customer'
  if (mine.length < 3 || r < 0.3) {
    mine.push((await call('POST', res, customer(++n))).data.name)
  } else if (r < 0.55) {
    const name = pick()
    await call('PUT', res + '/' + encodeURIComponent(name), { customer_name: 'W' + id + ' edited ' + (++n) })
  } else if (r < 0.7) {
    const name = mine.splice(mine.indexOf(pick()), 1)[0]
    await call('DELETE', res + '/' + encodeURIComponent(name))
  } else if (r < 0.8) {
    const k = mine.indexOf(pick())
    const to = 'W' + id + '-R' + (++n)
    await call('POST', '/api/method/frappe.client.rename_doc', { doctype: 'Customer', old_name: mine[k], new_name: to })
    mine[k] = to
  } else {
    const temp = 'new-customer-' + uuid()
    const out = await call('POST', '/api/method/outpost.sync.push', { mutations: [
      { mutation_id: uuid(), kind: 'insert', doctype: 'Customer', name: temp, doc: customer(++n) },
      { mutation_id: uuid(), kind: 'update', doctype: 'Customer', name: temp, doc: { customer_name: 'W' + id + ' pushed ' + (++n) } },
    ] })
    const results = out.message.results
    if (results.some((x) => x.status !== 'accepted')) throw new Error(JSON.stringify(results))
    mine.push(results[0].doc.name)
  }
}
`

/** A puller: boots, then pulls in a loop (small pages) until told to finish; reports its copy and its answers. */
const PULLER = `
import { existsSync } from 'node:fs'
const [url, token, doneFile] = process.argv.slice(2)
const headers = { authorization: 'token ' + token, 'content-type': 'application/json' }
const replica = new Map()
const answers = []
const seqOf = (cursor) => cursor === undefined ? null : JSON.parse(Buffer.from(cursor, 'base64url').toString())
async function pullOnce(cursor) {
  const res = await fetch(url + '/api/method/outpost.sync.pull', { method: 'POST', headers, body: JSON.stringify({ doctypes: ['Customer'], limit: 5, ...(cursor ? { cursor } : {}) }) })
  const lines = (await res.text()).split('\\n').filter(Boolean).map((l) => JSON.parse(l))
  const end = lines.at(-1)
  if (end?.type !== 'end') throw new Error('no end line: ' + JSON.stringify(end))
  const mentioned = []
  for (const l of lines) {
    if (l.type === 'doc') { replica.set(l.doc.name.toLowerCase(), { name: l.doc.name, modified: l.doc.modified, customer_name: l.doc.customer_name }); mentioned.push(l.doc.name) }
    if (l.type === 'delete') { replica.delete(l.name.toLowerCase()); mentioned.push(l.name) }
    if (l.type === 'rename') {
      const doc = replica.get(l.from.toLowerCase())
      if (doc) { replica.delete(l.from.toLowerCase()); replica.set(l.to.toLowerCase(), { ...doc, name: l.to }) }
      mentioned.push(l.from, l.to)
    }
  }
  answers.push({ from: seqOf(cursor), to: seqOf(end.cursor), mentioned })
  return end
}
let cursor
for (;;) {
  const finishing = existsSync(doneFile)
  let end
  do {
    end = await pullOnce(cursor)
    cursor = end.cursor
  } while (end.has_more)
  if (finishing) break
}
process.stdout.write(JSON.stringify({ replica: [...replica.values()], answers }))
`

let ts: TestSite
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outpost-pull-concurrency-'))
  ts = await startTestSite({ doctypes: demoProfile.doctypes(), controllers: demoProfile.controllers, users: demoProfile.users, dbPath: join(dir, 'site.db') })
  await demoProfile.seed(ts.admin)
  writeFileSync(join(dir, 'writer.mjs'), WRITER)
  writeFileSync(join(dir, 'puller.mjs'), PULLER)
})
afterAll(async () => {
  await ts.close()
  rmSync(dir, { recursive: true, force: true })
})

function run(script: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (b: Buffer) => (out += b.toString()))
    child.stderr.on('data', (b: Buffer) => (err += b.toString()))
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}: ${err}`))))
  })
}

interface PullerReport {
  replica: { name: string; modified: string; customer_name: string }[]
  answers: { from: unknown[] | null; to: unknown[]; mentioned: string[] }[]
}

interface LogEntry { seq: number; name: string; from_name: string | null }

async function serverState(): Promise<{ customers: PullerReport['replica']; log: LogEntry[] }> {
  return ts.site.db.transaction(async (tx) => ({
    customers: await tx.all<PullerReport['replica'][number] & Record<string, string>>(`SELECT "name", "modified", "customer_name" FROM "tabCustomer"`),
    log: await tx.all<LogEntry & Record<string, string | number | null>>(`SELECT "seq", "name", "from_name" FROM "__outpost_change" WHERE "doctype" = 'Customer' ORDER BY "seq"`),
  }), { readOnly: true })
}

/**
 * Each change-log answer mentions every document whose entries fall in its window. A document
 * may go unmentioned only when a later entry of the log, delivered by a later answer, covers
 * it: an answer reads current states, so a document created in its window and gone by the
 * time it was read is left to the answer that holds its removal.
 */
function checkWindows(report: PullerReport, log: readonly LogEntry[]): void {
  let previous: number | undefined
  const laterEntry = (name: string, after: number): boolean => log.some((x) => x.seq > after && (x.name.toLowerCase() === name || x.from_name?.toLowerCase() === name))
  for (const a of report.answers) {
    const from = a.from === null ? null : Number(a.from[1])
    const to = Number(a.to[1])
    if (previous !== undefined) expect(from).toBe(previous)
    previous = to
    if (a.from === null || a.from[3] !== null) continue // a boot page: a snapshot, not a window of the log
    expect(to).toBeGreaterThanOrEqual(from!)
    const mentioned = new Set(a.mentioned.map((n) => n.toLowerCase()))
    for (const e of log.filter((x) => x.seq > from! && x.seq <= to)) {
      for (const name of [e.name, e.from_name]) {
        if (name === null) continue
        const key = name.toLowerCase()
        expect(mentioned.has(key) || laterEntry(key, to), `seq ${e.seq} (${name}) in (${from}, ${to}]`).toBe(true)
      }
    }
  }
}

it('every puller ends equal to the server, and no answer skips a commit', async () => {
  const doneFile = join(dir, 'writers-done')
  const pullers = Array.from({ length: PULLERS }, () => run('puller.mjs', [ts.server.url, TOKEN, doneFile]))
  await Promise.all(Array.from({ length: WRITERS }, (_, i) => run('writer.mjs', [ts.server.url, TOKEN, String(i + 1), String(OPS)])))
  writeFileSync(doneFile, 'done')
  const reports = (await Promise.all(pullers)).map((out) => JSON.parse(out) as PullerReport)
  const { customers, log } = await serverState()
  const byName = (rows: PullerReport['replica']): PullerReport['replica'] => [...rows].sort((a, b) => a.name.localeCompare(b.name))
  expect(log.length).toBeGreaterThan(WRITERS * OPS * 0.8)
  for (const report of reports) {
    expect(byName(report.replica)).toEqual(byName(customers))
    checkWindows(report, log)
    expect(Number(report.answers.at(-1)!.to[1])).toBe(log.at(-1)!.seq)
    expect(report.answers.filter((a) => a.from !== null && a.from[3] === null).length).toBeGreaterThan(3)
  }
}, process.env['OUTPOST_TEST_DB'] === 'postgres' ? 60_000 : 20_000) // PostgreSQL: a network round trip per statement
