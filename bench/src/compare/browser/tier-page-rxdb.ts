import { createRxDatabase, type RxDatabase } from 'rxdb'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { addCollections, countAll, replicateOnce, rxdbListQueries } from '../clients/rxdb-schema.ts'
import { origin, servePage } from './tier-page-common.ts'

/** The browser tier's RxDB page: RxDB 17 on its Dexie storage, replicating from the bench's RxDB server. */
let db: RxDatabase | undefined

servePage({
  system: 'rxdb',
  async boot(name, c) {
    const open = await createRxDatabase({ name, storage: getRxStorageDexie(), multiInstance: false })
    db = open
    const col = await addCollections(open)
    await replicateOnce(col, origin(), c.batchSize)
    return { docs: await countAll(col), queries: rxdbListQueries(col('sales_invoice')) }
  },
  async drop() {
    const open = db
    db = undefined
    // removes the database and its IndexedDB storage
    await open?.remove()
  },
})
