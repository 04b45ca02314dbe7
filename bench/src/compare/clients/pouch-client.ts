import { join } from 'node:path'
import type { ClientContext, CompareClient, LocalState, Refusal } from '../client-api.ts'
import { CUSTOMER, INVOICE } from '../compare-config.ts'
import { CHANGED_REMARK } from '../offline-batch.ts'
import { loadPouch, pouchId, type PouchDoc } from '../pouch-types.ts'

/**
 * PouchDB 9 on leveldb replicating with express-pouchdb, the way CouchDB users keep ERP data:
 * one database, the DocType in each id, child rows embedded. Batches of `batchSize` documents,
 * five batches in flight. Mango indexes (pouchdb-find) on (doctype, customer, posting_date) and
 * (doctype, posting_date) are built as part of the boot, since a list view needs them.
 */
export async function openPouchClient(ctx: ClientContext): Promise<CompareClient> {
  const PouchDB = loadPouch()
  const local = new PouchDB(join(ctx.dir, 'pouch-local'))
  const options = { batch_size: ctx.batchSize, batches_limit: 5 }
  const range = (doctype: string, prefix: string): { startkey: string; endkey: string } => ({ startkey: pouchId(doctype, prefix), endkey: pouchId(doctype, `${prefix}\uffff`) })
  const byCustomer = (customer: string, limit?: number) => local.find({
    selector: { doctype: INVOICE, customer, posting_date: { $gt: null } },
    sort: [{ doctype: 'desc' }, { customer: 'desc' }, { posting_date: 'desc' }],
    ...(limit === undefined ? { fields: ['_id'] } : { limit }),
  })
  const unindexed = async (): Promise<number> => (await local.find({
    selector: { doctype: INVOICE, posting_date: { $gt: null }, po_no: { $regex: '7' } },
    sort: [{ doctype: 'desc' }, { posting_date: 'desc' }], limit: 20,
  })).docs.length

  return {
    async boot() {
      await PouchDB.replicate(ctx.url, local, options)
      await local.createIndex({ index: { fields: ['doctype', 'customer', 'posting_date'], ddoc: 'by-customer', name: 'by-customer' } })
      await local.createIndex({ index: { fields: ['doctype', 'posting_date'], ddoc: 'by-date', name: 'by-date' } })
      // Mango indexes are built by their first query.
      await byCustomer(ctx.facts.queryCustomers[0] ?? '', 20)
      await unindexed()
      const all = await local.allDocs({ startkey: '_design/', endkey: '_design/\uffff' })
      return (await local.info()).doc_count - all.rows.length
    },
    async listView(customer) {
      const rows = (await byCustomer(customer, 20)).docs.length
      return { rows, count: (await byCustomer(customer)).docs.length }
    },
    unindexed,
    async create(batch) {
      for (const c of batch.customers) await local.put({ _id: pouchId(CUSTOMER, c.name), name: c.name, ...c.doc })
      for (const inv of batch.invoices) await local.put({ _id: pouchId(INVOICE, inv.name), name: inv.name, ...inv.doc })
      const first = batch.invoices.find((i) => i.offlineCustomer)
      return first ? { name: first.name, customer: String(first.doc['customer']) } : undefined
    },
    async push() {
      const refused: Refusal[] = []
      const replication = PouchDB.replicate(local, ctx.url, { ...options, filter: (doc: PouchDoc) => !doc._id.startsWith('_design/') })
      replication.on('denied', (e) => refused.push({ name: String(e.id ?? '?'), reason: String(e.reason ?? e.message ?? e.name ?? 'denied') }))
      await replication
      // A one-shot replication has no queue: denied documents are passed over and stay local.
      return { pending: 0, refused, refusedKept: false }
    },
    async catchUp() {
      await PouchDB.replicate(ctx.url, local, options)
    },
    async converged(changed, deleted) {
      const last = changed[changed.length - 1]
      if (last !== undefined && !String((await local.get(pouchId(INVOICE, last)))['remarks'] ?? '').startsWith(CHANGED_REMARK)) return false
      const rows = (await local.allDocs({ keys: deleted.map((n) => pouchId(INVOICE, n)) })).rows
      return rows.every((r) => r.error !== undefined || r.value?.deleted === true)
    },
    async inspect(batch): Promise<LocalState> {
      const invoices = (await local.allDocs({ include_docs: true, ...range(INVOICE, `${batch.tag}-`) })).rows.map((r) => r.doc!)
      const keys = [...new Set(invoices.map((d) => pouchId(CUSTOMER, String(d['customer']))))]
      const found = new Set((await local.allDocs({ keys })).rows.filter((r) => r.value && !r.value.deleted).map((r) => r.id))
      const first = batch.invoices.find((i) => i.offlineCustomer)
      const sample = invoices.find((d) => d['po_no'] === first?.doc['po_no'])
      return {
        pending: 0, invoices: invoices.length, linked: invoices.filter((d) => found.has(pouchId(CUSTOMER, String(d['customer'])))).length,
        sample: sample ? { name: String(sample['name']), customer: String(sample['customer']) } : undefined,
      }
    },
    close: () => local.close(),
  }
}
