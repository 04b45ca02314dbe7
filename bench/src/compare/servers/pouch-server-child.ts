import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { parseArgs } from 'node:util'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { DatasetReader } from '../dataset.ts'
import { CHANGED_REMARK } from '../offline-batch.ts'
import { loadPouch, pouchId, toPouchDoc, VALIDATE_DOC_UPDATE, type PouchDoc } from '../pouch-types.ts'
import type { ServerView } from './server-api.ts'

/**
 * The PouchDB peer's server: express-pouchdb 4 over PouchDB 9 on leveldb, with the validation
 * part on, so `validate_doc_update` refuses invoices with qty <= 0 as CouchDB would.
 * `--load DATASET --dir DIR` fills the `site` database once; `--dir DIR --port N` serves it at
 * `/db/site`, beside `/bench/change` and `/bench/verify` for the harness.
 */
const { values } = parseArgs({ options: { load: { type: 'string' }, dir: { type: 'string' }, port: { type: 'string' }, doctypes: { type: 'string' } } })
if (!values.dir) throw new Error('usage: pouch-server-child --dir DIR (--load DATASET --doctypes JSON | --port N)')
mkdirSync(values.dir, { recursive: true })
const PouchDB = loadPouch().defaults({ prefix: `${values.dir}/` })
const require = createRequire(import.meta.url)

async function load(dataset: string, doctypes: string[]): Promise<void> {
  const db = new PouchDB('site')
  const reader = new DatasetReader(dataset)
  for (const doctype of doctypes) {
    let batch: PouchDoc[] = []
    for (const doc of reader.docs(doctype)) {
      batch.push(toPouchDoc(doctype, doc))
      if (batch.length === 1000) {
        await db.bulkDocs(batch)
        batch = []
      }
    }
    if (batch.length > 0) await db.bulkDocs(batch)
  }
  reader.close()
  await db.put({ _id: '_design/rules', validate_doc_update: VALIDATE_DOC_UPDATE })
  await db.close()
}

type Handler = (req: IncomingMessage & { body?: unknown; query?: Record<string, string> }, res: ServerResponse & { json(v: unknown): void }) => void
interface ExpressApp {
  use(path: string, handler: unknown): void
  use(handler: unknown): void
  get(path: string, handler: Handler): void
  post(path: string, handler: Handler): void
  listen(port: number, host: string, cb: () => void): void
}

async function change(db: InstanceType<typeof PouchDB>, changed: string[], deleted: string[]): Promise<void> {
  const ids = [...changed, ...deleted].map((n) => pouchId('Sales Invoice', n))
  const rows = (await db.allDocs({ keys: ids, include_docs: true })).rows
  const remove = new Set(deleted.map((n) => pouchId('Sales Invoice', n)))
  const docs = rows.map((r) => r.doc).filter((d): d is PouchDoc => d !== undefined && d !== null)
    .map((d) => (remove.has(d._id) ? { _id: d._id, _rev: d._rev!, _deleted: true } : { ...d, remarks: `${CHANGED_REMARK} (S4)` }))
  await db.bulkDocs(docs)
}

async function verify(db: InstanceType<typeof PouchDB>, tag: string, po: string): Promise<ServerView> {
  const invoices = (await db.allDocs({ include_docs: true, startkey: pouchId('Sales Invoice', `${tag}-`), endkey: pouchId('Sales Invoice', `${tag}-\uffff`) })).rows.map((r) => r.doc!)
  const customerIds = [...new Set(invoices.map((d) => pouchId('Customer', String(d['customer']))))]
  const found = new Set((await db.allDocs({ keys: customerIds })).rows.filter((r) => r.value && !r.value.deleted).map((r) => r.id))
  const customers = (await db.allDocs({ startkey: pouchId('Customer', `${tag}-`), endkey: pouchId('Customer', `${tag}-\uffff`) })).rows.length
  const sample = invoices.find((d) => d['po_no'] === po)
  return {
    invoices: invoices.length, customers, linked: invoices.filter((d) => found.has(pouchId('Customer', String(d['customer'])))).length,
    sample: sample ? { name: String(sample['name']), customer: String(sample['customer']) } : undefined,
  }
}

function serve(port: number): void {
  const express = require('express') as () => ExpressApp & ((...a: unknown[]) => unknown) & { json(o: unknown): unknown }
  const expressPouchDB = require('express-pouchdb') as (p: unknown, o: unknown) => unknown
  const jsonBody = (require('express') as { json(o: unknown): unknown }).json({ limit: '50mb' })
  const app = express()
  const db = new PouchDB('site')
  app.use('/bench', jsonBody)
  app.post('/bench/change', (req, res) => {
    const body = req.body as { changed: string[]; deleted: string[] }
    change(db, body.changed, body.deleted).then(() => res.json({ ok: true }), (e: unknown) => res.json({ error: String(e) }))
  })
  app.get('/bench/verify', (req, res) => {
    verify(db, req.query?.['tag'] ?? '', req.query?.['po'] ?? '').then((v) => res.json(v), (e: unknown) => res.json({ error: String(e) }))
  })
  app.use('/db', expressPouchDB(PouchDB, { mode: 'minimumForPouchDB', overrideMode: { include: ['validation'] }, inMemoryConfig: true, logPath: `${values.dir}/log.txt` }))
  app.listen(port, '127.0.0.1', () => console.log(`PEER at http://127.0.0.1:${port}`))
}

if (values.load) {
  await load(values.load, JSON.parse(values.doctypes ?? '[]') as string[])
  console.log('PEER done')
} else serve(Number(values.port))
