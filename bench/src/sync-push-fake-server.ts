import { createServer } from 'node:http'
import { randomBytes } from 'node:crypto'

/**
 * A stand-in for `outpost serve` that does no server work: `outpost.sync.push` accepts every
 * mutation at once (a series name, stamps, child rows named, temp names translated), and
 * `outpost.sync.pull` answers "nothing new". It lets push-client-probe.ts measure what a push
 * costs the replica alone. Prints its URL; run by push-client-probe.ts with `--fake-server`.
 */
type Json = Record<string, unknown>

const temps = new Map<string, string>()
const counters = new Map<string, number>()
let clock = 0

const stamp = (): string => {
  clock++
  return `2026-11-27 10:${String(Math.floor(clock / 60_000) % 60).padStart(2, '0')}:${String(Math.floor(clock / 1000) % 60).padStart(2, '0')}.${String(clock % 1000).padStart(3, '0')}000`
}
const translate = (v: unknown): unknown => (typeof v === 'string' ? (temps.get(v) ?? v) : v)

function serverDoc(m: Json): Json {
  const doctype = String(m['doctype'])
  const prefix = doctype === 'Customer' ? 'CUST-' : doctype === 'Sales Invoice' ? 'SINV-' : 'DOC-'
  const n = (counters.get(doctype) ?? 0) + 1
  counters.set(doctype, n)
  const name = `${prefix}F${String(n).padStart(6, '0')}`
  if (typeof m['name'] === 'string') temps.set(m['name'], name)
  const now = stamp()
  const doc: Json = { name, owner: 'Administrator', creation: now, modified: now, modified_by: 'Administrator', docstatus: 0, idx: 0, doctype }
  for (const [k, v] of Object.entries((m['doc'] ?? {}) as Json)) {
    if (!Array.isArray(v)) {
      doc[k] = translate(v)
      continue
    }
    doc[k] = v.map((row: Json, i) => ({
      ...Object.fromEntries(Object.entries(row).map(([rk, rv]) => [rk, translate(rv)])),
      name: randomBytes(5).toString('hex'), owner: 'Administrator', creation: now, modified: now, modified_by: 'Administrator',
      docstatus: 0, idx: i + 1, parent: name, parentfield: k, parenttype: doctype, doctype: `${doctype} Item`, amount: Number(row['qty'] ?? 0) * Number(row['rate'] ?? 0),
    }))
  }
  doc['outpost_id'] = m['outpost_id']
  doc['grand_total'] = 0
  return doc
}

function push(body: Json): string {
  const results = (body['mutations'] as Json[]).map((m) => JSON.stringify({ mutation_id: m['mutation_id'], status: 'accepted', doc: serverDoc(m) }))
  return `{"message":{"results":[${results.join(',')}]}}`
}

function pull(args: Json): string {
  const cursor = typeof args['cursor'] === 'string' && args['cursor'] !== '' ? args['cursor'] : 'fake-0'
  return `${JSON.stringify({ type: 'end', cursor, has_more: false, total: 0, reconcile: [] })}\n`
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://x')
    const text = Buffer.concat(chunks).toString('utf8')
    const body = text === '' ? {} : JSON.parse(text) as Json
    if (url.pathname === '/api/method/outpost.sync.push') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(push(body))
    } else if (url.pathname === '/api/method/outpost.sync.pull') {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(pull({ ...Object.fromEntries(url.searchParams), ...body }))
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ exc_type: 'DoesNotExistError', message: `${url.pathname} is not faked` }))
    }
  })
})
server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address && typeof address === 'object') console.log(`Outpost site at http://127.0.0.1:${address.port}`)
})
