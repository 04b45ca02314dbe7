import { createRxDatabase, uncacheRxQuery, type RxCollection, type RxDatabase } from 'rxdb'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { COLLECTIONS, replicateOnce, schemaFor } from '../clients/rxdb-schema.ts'
import { origin, servePage } from './tier-page-common.ts'

/** The browser tier's RxDB page: RxDB 17 on its Dexie storage, replicating from the bench's RxDB server. */
let open: { db: RxDatabase; invoices: RxCollection } | undefined

function booted(): RxCollection {
  if (!open) throw new Error('rxdb is not booted')
  return open.invoices
}

const newestFirst = [{ posting_date: 'desc' as const }]

/** Run a query past RxDB's query cache, which would answer a repeated query without running it. */
async function fresh<T>(query: { exec(): Promise<T> } & Parameters<typeof uncacheRxQuery>[1]): Promise<T> {
  const result = await query.exec()
  uncacheRxQuery(booted()._queryCache, query)
  return result
}

servePage({
  system: 'rxdb',
  async boot(name, c) {
    const db = await createRxDatabase({ name, storage: getRxStorageDexie(), multiInstance: false })
    const created = await db.addCollections(Object.fromEntries(COLLECTIONS.map((col) => [col, { schema: schemaFor(col) }])))
    const col = (n: string): RxCollection => created[n]!
    await replicateOnce(col, origin(), c.batchSize)
    open = { db, invoices: col('sales_invoice') }
    let docs = 0
    for (const n of COLLECTIONS) docs += await col(n).count().exec()
    return docs
  },
  async listView(customer) {
    const invoices = booted()
    const rows = await fresh(invoices.find({ selector: { customer }, sort: newestFirst, limit: 20 }))
    return { rows: rows.length, count: await fresh(invoices.count({ selector: { customer } })) }
  },
  async unindexed() {
    return (await fresh(booted().find({ selector: { po_no: { $regex: '7' } }, sort: newestFirst, limit: 20 }))).length
  },
  async drop() {
    const current = open
    open = undefined
    // removes the database and its IndexedDB storage
    await current?.db.remove()
  },
})
