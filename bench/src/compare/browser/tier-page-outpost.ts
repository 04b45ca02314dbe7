import { createReplica, type Replica } from '@outpost/core'
import { outpostRemote } from '@outpost/remote-outpost'
import { indexedDbStore } from '@outpost/store-indexeddb'
import { outpostListQueries } from '../clients/outpost-queries.ts'
import { origin, servePage } from './tier-page-common.ts'

/**
 * The browser tier's Outpost page: the replica on its IndexedDB store, over the Outpost protocol
 * to `outpost serve`. S3's list sorts invoices by posting date: the store is told, as an app would.
 */
let replica: Replica | undefined

servePage({
  system: 'outpost',
  async boot(name, c) {
    const open = await createReplica({ store: indexedDbStore({ name, listOrder: { 'Sales Invoice': 'posting_date' } }), remote: outpostRemote({ url: origin(), token: c.token }), doctypes: [...c.doctypes], pageSize: c.batchSize })
    replica = open
    const summary = await open.boot()
    if (summary.offline || summary.authRequired) throw new Error(`boot did not reach the server: ${JSON.stringify(summary)}`)
    let docs = 0
    for (const doctype of open.doctypes) docs += await open.db.getCount(doctype)
    return { docs, queries: outpostListQueries(open) }
  },
  async drop() {
    const open = replica
    replica = undefined
    // logout deletes the replica's IndexedDB database
    await open?.logout()
  },
})
