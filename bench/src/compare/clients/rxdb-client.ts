import { randomUUID } from 'node:crypto'
import { createRxDatabase, type RxDatabase } from 'rxdb'
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory'
import type { ClientContext, CompareClient, LocalState } from '../client-api.ts'
import { CUSTOMER, INVOICE } from '../compare-config.ts'
import { CHANGED_REMARK, type OfflineBatch } from '../offline-batch.ts'
import { rxCollectionOf } from '../servers/sqlite-peer-store.ts'
import { addCollections, countAll, replicateOnce, rxdbListQueries, rxId, type RxDoc } from './rxdb-schema.ts'

/**
 * RxDB 17 (open-source build) on its memory storage, replicating each collection with
 * `replicateRxCollection` against the bench's pull/push server (rxdb-schema.ts). Each sync is a
 * one-shot (`live: false`) replication that resumes from its checkpoint.
 */
export async function openRxdbClient(ctx: ClientContext): Promise<CompareClient> {
  const db: RxDatabase = await createRxDatabase({ name: `bench${randomUUID().replaceAll('-', '')}`, storage: getRxStorageMemory(), multiInstance: false })
  const col = await addCollections(db)
  const invoices = col('sales_invoice')

  const syncOnce = (): Promise<void> => replicateOnce(col, ctx.url, ctx.batchSize)
  return {
    async boot() {
      await syncOnce()
      return countAll(col)
    },
    ...rxdbListQueries(invoices),
    async create(batch: OfflineBatch) {
      for (const c of batch.customers) await col(rxCollectionOf(CUSTOMER)).insert({ ...c.doc, id: rxId(CUSTOMER, c.name), name: c.name })
      for (const inv of batch.invoices) await invoices.insert({ ...inv.doc, id: rxId(INVOICE, inv.name), name: inv.name })
      const first = batch.invoices.find((i) => i.offlineCustomer)
      return first ? { name: first.name, customer: String(first.doc['customer']) } : undefined
    },
    async push() {
      await syncOnce()
      return { pending: 0, refused: null, refusedKept: false }
    },
    catchUp: syncOnce,
    async converged(changed, deleted) {
      const last = changed[changed.length - 1]
      if (last !== undefined && !String((await invoices.findOne(rxId(INVOICE, last)).exec())?.get('remarks') ?? '').startsWith(CHANGED_REMARK)) return false
      const left = await invoices.findByIds(deleted.map((n) => rxId(INVOICE, n))).exec()
      return left.size === 0
    },
    async inspect(batch): Promise<LocalState> {
      const mine = (await invoices.find({ selector: { id: { $gte: rxId(INVOICE, `${batch.tag}-`), $lt: rxId(INVOICE, `${batch.tag}-\uffff`) } } }).exec()).map((d) => d.toJSON() as RxDoc)
      const ids = [...new Set(mine.map((d) => rxId(CUSTOMER, String(d['customer']))))]
      const found = await col(rxCollectionOf(CUSTOMER)).findByIds(ids).exec()
      const first = batch.invoices.find((i) => i.offlineCustomer)
      const sample = mine.find((d) => d['po_no'] === first?.doc['po_no'])
      return {
        pending: 0, invoices: mine.length, linked: mine.filter((d) => found.has(rxId(CUSTOMER, String(d['customer'])))).length,
        sample: sample ? { name: String(sample['name']), customer: String(sample['customer']) } : undefined,
      }
    },
    close: async () => void (await db.close()),
  }
}
