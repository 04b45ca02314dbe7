import { openSync, fsyncSync, closeSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Doc } from '@outpost/meta'
import { TOKEN } from '../../auth.ts'
import type { ClientContext, CompareClient, LocalState, Refusal } from '../client-api.ts'
import { CUSTOMER, INVOICE } from '../compare-config.ts'
import { CHANGED_REMARK, type OfflineBatch } from '../offline-batch.ts'

/**
 * The approach ERPNext's old offline POS took: `GET /api/resource/<DocType>?fields=["*"]&
 * limit_page_length=0` of every DocType (child tables through their parent) into one JSON blob
 * written to a file (localStorage's one-key-per-blob model); queries scan the parsed arrays;
 * offline documents wait in a second blob and go up with one POST each. No deltas: catching up
 * is downloading everything again.
 */
interface Queued {
  readonly doctype: string
  readonly localName: string
  doc: Doc
  error?: string
}

function writeDurably(path: string, text: string): void {
  writeFileSync(path, text)
  const fd = openSync(path, 'r')
  fsyncSync(fd)
  closeSync(fd)
}

export function openNaiveClient(ctx: ClientContext): Promise<CompareClient> {
  const headers = { authorization: `token ${TOKEN}`, 'content-type': 'application/json' }
  let docs: Record<string, Doc[]> = {}
  let queue: Queued[] = []
  const renamed = new Map<string, string>()

  async function getAll(doctype: string, parent?: string): Promise<Doc[]> {
    const q = new URLSearchParams({ fields: '["*"]', limit_page_length: '0', ...(parent === undefined ? {} : { parent }) })
    const res = await fetch(`${ctx.url}/api/resource/${encodeURIComponent(doctype)}?${q}`, { headers })
    if (!res.ok) throw new Error(`GET ${doctype}: ${res.status} ${(await res.text()).slice(0, 300)}`)
    return ((await res.json()) as { data: Doc[] }).data
  }

  async function download(): Promise<void> {
    const next: Record<string, Doc[]> = {}
    for (const doctype of ctx.facts.doctypes) {
      const parents = await getAll(doctype)
      for (const table of ctx.facts.childTables[doctype] ?? []) {
        const byParent = new Map<string, Doc[]>()
        for (const row of await getAll(table.doctype, doctype)) {
          if (row['parentfield'] !== table.fieldname) continue
          const list = byParent.get(String(row['parent']))
          if (list) list.push(row)
          else byParent.set(String(row['parent']), [row])
        }
        for (const p of parents) p[table.fieldname] = (byParent.get(String(p['name'])) ?? []).sort((a, b) => Number(a['idx']) - Number(b['idx']))
      }
      next[doctype] = parents
    }
    docs = next
    writeDurably(join(ctx.dir, 'site-blob.json'), JSON.stringify(docs))
  }

  const saveQueue = (): void => writeDurably(join(ctx.dir, 'queue-blob.json'), JSON.stringify(queue))
  const invoices = (): Doc[] => docs[INVOICE] ?? []
  const newestFirst = (a: Doc, b: Doc): number => String(b['posting_date']).localeCompare(String(a['posting_date']))

  async function post(q: Queued): Promise<void> {
    const body = q.doctype === INVOICE ? { ...q.doc, customer: renamed.get(String(q.doc['customer'])) ?? q.doc['customer'] } : q.doc
    const res = await fetch(`${ctx.url}/api/resource/${encodeURIComponent(q.doctype)}`, { method: 'POST', headers, body: JSON.stringify(body) })
    const text = await res.text()
    if (!res.ok) {
      q.error = errorMessage(text, res.status)
      return
    }
    const saved = (JSON.parse(text) as { data: Doc }).data
    renamed.set(q.localName, String(saved['name']))
    delete q.error
    queue = queue.filter((x) => x !== q)
  }

  return Promise.resolve({
    async boot() {
      await download()
      return Object.values(docs).reduce((n, list) => n + list.length, 0)
    },
    listView(customer) {
      const mine = invoices().filter((d) => d['customer'] === customer)
      return Promise.resolve({ rows: [...mine].sort(newestFirst).slice(0, 20).length, count: mine.length })
    },
    unindexed() {
      return Promise.resolve(invoices().filter((d) => String(d['po_no'] ?? '').includes('7')).sort(newestFirst).slice(0, 20).length)
    },
    create(batch: OfflineBatch) {
      for (const c of batch.customers) queue.push({ doctype: CUSTOMER, localName: c.name, doc: { ...c.doc } })
      for (const inv of batch.invoices) queue.push({ doctype: INVOICE, localName: inv.name, doc: { ...inv.doc } })
      saveQueue()
      const first = batch.invoices.find((i) => i.offlineCustomer)
      return Promise.resolve(first ? { name: first.name, customer: String(first.doc['customer']) } : undefined)
    },
    async push() {
      for (const q of [...queue]) await post(q)
      saveQueue()
      const refused: Refusal[] = queue.filter((q) => q.error !== undefined).map((q) => ({ name: q.localName, reason: q.error ?? '' }))
      return { pending: queue.length, refused, refusedKept: true }
    },
    catchUp: download,
    converged(changed, deleted) {
      const byName = new Map(invoices().map((d) => [String(d['name']), d]))
      return Promise.resolve(changed.every((n) => String(byName.get(n)?.['remarks'] ?? '').startsWith(CHANGED_REMARK)) && deleted.every((n) => !byName.has(n)))
    },
    inspect(batch): Promise<LocalState> {
      const mine = invoices().filter((d) => String(d['po_no'] ?? '').startsWith(`${batch.tag}-`))
      const customers = new Set((docs[CUSTOMER] ?? []).map((c) => String(c['name'])))
      const sampleQueued = queue.find((q) => q.doctype === INVOICE)
      const first = batch.invoices.find((i) => i.offlineCustomer)
      const sample = mine.find((d) => d['po_no'] === first?.doc['po_no'])
      return Promise.resolve({
        pending: queue.length, invoices: mine.length + queue.filter((q) => q.doctype === INVOICE).length,
        linked: mine.filter((d) => customers.has(String(d['customer']))).length,
        sample: sample ? { name: String(sample['name']), customer: String(sample['customer']) } : sampleQueued ? { name: sampleQueued.localName, customer: String(sampleQueued.doc['customer']) } : undefined,
      })
    },
    close: () => Promise.resolve(),
  })
}

function errorMessage(text: string, status: number): string {
  try {
    const body = JSON.parse(text) as { exception?: string; _server_messages?: string; exc_type?: string }
    if (body._server_messages) {
      const messages = (JSON.parse(body._server_messages) as string[]).map((m) => (JSON.parse(m) as { message?: string }).message ?? m)
      return messages.join('; ')
    }
    return body.exception ?? `HTTP ${status}`
  } catch {
    return `HTTP ${status}: ${text.slice(0, 200)}`
  }
}
