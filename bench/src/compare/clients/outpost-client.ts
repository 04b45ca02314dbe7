import { join } from 'node:path'
import { createReplica, type Replica } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { frappeRemote } from '@outpost/remote-frappe'
import { outpostRemote } from '@outpost/remote-outpost'
import { sqliteStore } from '@outpost/store-sqlite'
import { TOKEN } from '../../auth.ts'
import type { ClientContext, CompareClient, LocalState, PushOutcome } from '../client-api.ts'
import { BOOT_DOCTYPES, CUSTOMER, INVOICE } from '../compare-config.ts'
import { CHANGED_REMARK, type OfflineBatch } from '../offline-batch.ts'
import { outpostListQueries } from './outpost-queries.ts'

/**
 * Outpost: a replica in a SQLite file, over the Outpost sync protocol (`outpostRemote`) or stock
 * Frappe REST (`frappeRemote`) against `outpost serve`. New documents get temporary names; the
 * push renames them to the server's names and rewrites the links that point at them.
 */
export async function openOutpostClient(ctx: ClientContext, protocol: 'outpost' | 'frappe'): Promise<CompareClient> {
  const remote = protocol === 'outpost' ? outpostRemote({ url: ctx.url, token: TOKEN }) : frappeRemote({ url: ctx.url, token: TOKEN })
  const replica: Replica = await createReplica({ store: sqliteStore({ path: join(ctx.dir, 'replica.db') }), remote, doctypes: [...BOOT_DOCTYPES], pageSize: ctx.batchSize })
  /** The batch's local ids of offline Customers, mapped to the names the replica gave them. */
  const localNames = new Map<string, string>()
  const tagged = (batch: OfflineBatch): Promise<Doc[]> => replica.db.getDocList(INVOICE, { fields: ['name', 'customer'], filters: { po_no: ['like', `${batch.tag}-%`] }, limit: 0 })

  return {
    async boot() {
      const summary = await replica.boot()
      if (summary.offline || summary.authRequired) throw new Error(`boot did not reach the server: ${JSON.stringify(summary)}`)
      let docs = 0
      for (const doctype of replica.doctypes) docs += await replica.db.getCount(doctype)
      return docs
    },
    ...outpostListQueries(replica),
    async create(batch) {
      for (const c of batch.customers) {
        const { doctype: _, ...doc } = c.doc
        localNames.set(c.name, String((await replica.db.createDoc(CUSTOMER, doc))['name']))
      }
      let sample: { name: string; customer: string } | undefined
      for (const inv of batch.invoices) {
        const { doctype: _, ...doc } = inv.doc
        const saved = await replica.db.createDoc(INVOICE, { ...doc, customer: localNames.get(String(doc['customer'])) ?? doc['customer'] })
        if (inv.offlineCustomer && !sample) sample = { name: String(saved['name']), customer: String(saved['customer']) }
      }
      return sample
    },
    async push(): Promise<PushOutcome> {
      const summary = await replica.sync()
      if (summary.offline || summary.authRequired) throw new Error(`push did not reach the server: ${JSON.stringify(summary)}`)
      const errors = await replica.errors.list()
      return { pending: replica.status.pending, refused: errors.map((e) => ({ name: e.name, reason: e.message })), refusedKept: true }
    },
    async catchUp() {
      await replica.sync()
    },
    async converged(changed, deleted) {
      const last = changed[changed.length - 1]
      if (last !== undefined && !String((await replica.db.getDoc(INVOICE, last))['remarks'] ?? '').startsWith(CHANGED_REMARK)) return false
      const gone = await replica.db.getCount(INVOICE, { name: ['in', [...deleted]] })
      return gone === 0
    },
    async inspect(batch): Promise<LocalState> {
      const rows = await tagged(batch)
      const customers = new Set((await replica.db.getDocList(CUSTOMER, { fields: ['name'], limit: 0 })).map((c) => String(c['name'])))
      const offline = new Set(batch.invoices.filter((i) => i.offlineCustomer).map((i) => String(i.doc['po_no'])))
      const sampleRows = await replica.db.getDocList(INVOICE, { fields: ['name', 'customer', 'po_no'], filters: { po_no: ['in', [...offline].slice(0, 1)] }, limit: 1 })
      const sample = sampleRows[0]
      return {
        pending: replica.status.pending, invoices: rows.length, linked: rows.filter((r) => customers.has(String(r['customer']))).length,
        sample: sample ? { name: String(sample['name']), customer: String(sample['customer']) } : undefined,
      }
    },
    close: () => replica.close(),
  }
}
