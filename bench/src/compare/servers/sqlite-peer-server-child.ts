import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { parseArgs } from 'node:util'
import { ReplicacheEndpoint } from './replicache-protocol.ts'
import { RxdbEndpoint } from './rxdb-protocol.ts'
import { PeerStore, type PeerProtocol } from './sqlite-peer-store.ts'

/**
 * The minimal server the Replicache and RxDB peers replicate with, over better-sqlite3.
 * `--load DATASET --db FILE --protocol P --doctypes JSON` fills the file once; `--db FILE
 * --protocol P --port N` serves `/replicache/{push,pull}` or `/rxdb/{push,pull}`, and the
 * harness's `/bench/change` and `/bench/verify`.
 */
const { values } = parseArgs({ options: { load: { type: 'string' }, db: { type: 'string' }, protocol: { type: 'string' }, port: { type: 'string' }, doctypes: { type: 'string' } } })
const protocol = values.protocol
if (!values.db || (protocol !== 'replicache' && protocol !== 'rxdb')) throw new Error('usage: sqlite-peer-server-child --db FILE --protocol replicache|rxdb (--load DATASET --doctypes JSON | --port N)')
const store = new PeerStore(values.db, protocol as PeerProtocol)

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown
}

function send(res: ServerResponse, parts: readonly string[], status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  for (const part of parts) res.write(part)
  res.end()
}

type Route = (input: unknown, url: URL) => string[]
const json = (v: unknown): string[] => [JSON.stringify(v)]

function routes(): Record<string, Route> {
  const common: Record<string, Route> = {
    'POST /bench/change': (b) => {
      const { changed, deleted } = b as { changed: string[]; deleted: string[] }
      store.change(changed, deleted)
      return json({ ok: true })
    },
    'GET /bench/verify': (_b, url) => json(store.verify(url.searchParams.get('tag') ?? '', url.searchParams.get('po') ?? '')),
  }
  if (protocol === 'replicache') {
    const rc = new ReplicacheEndpoint(store)
    return { ...common, 'POST /replicache/push': (b) => json(rc.push(b as Parameters<ReplicacheEndpoint['push']>[0])), 'POST /replicache/pull': (b) => rc.pull(b as Parameters<ReplicacheEndpoint['pull']>[0]) }
  }
  const rx = new RxdbEndpoint(store)
  return { ...common, 'POST /rxdb/pull': (b) => json(rx.pull(b as Parameters<RxdbEndpoint['pull']>[0])), 'POST /rxdb/push': (b) => json(rx.push(b as Parameters<RxdbEndpoint['push']>[0])) }
}

if (values.load) {
  store.load(values.load, JSON.parse(values.doctypes ?? '[]') as string[])
  store.close()
  console.log('PEER done')
} else {
  const table = routes()
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const route = table[`${req.method} ${url.pathname}`]
    if (!route) return send(res, json({ error: 'not found' }), 404)
    body(req).then((b) => send(res, route(b, url)), (e: unknown) => send(res, json({ error: e instanceof Error ? e.message : String(e) }), 500))
  })
  server.listen(Number(values.port), '127.0.0.1', () => console.log(`PEER at http://127.0.0.1:${values.port}`))
  process.once('SIGTERM', () => server.close(() => {
    store.close()
    process.exit(0)
  }))
}
