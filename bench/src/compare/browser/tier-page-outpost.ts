import { createReplica, type Replica } from '@outpost/core'
import { outpostRemote } from '@outpost/remote-outpost'
import { indexedDbStore } from '@outpost/store-indexeddb'
import { INVOICE } from '../compare-config.ts'
import { origin, servePage } from './tier-page-common.ts'

/** The browser tier's Outpost page: the replica on its IndexedDB store, over the Outpost protocol to `outpost serve`. */
let replica: Replica | undefined

function booted(): Replica {
  if (!replica) throw new Error('outpost is not booted')
  return replica
}

servePage({
  system: 'outpost',
  async boot(name, c) {
    replica = await createReplica({ store: indexedDbStore({ name }), remote: outpostRemote({ url: origin(), token: c.token }), doctypes: [...c.doctypes], pageSize: c.batchSize })
    const summary = await replica.boot()
    if (summary.offline || summary.authRequired) throw new Error(`boot did not reach the server: ${JSON.stringify(summary)}`)
    let docs = 0
    for (const doctype of replica.doctypes) docs += await replica.db.getCount(doctype)
    return docs
  },
  async listView(customer) {
    const db = booted().db
    const rows = await db.getDocList(INVOICE, { fields: ['name', 'customer', 'posting_date', 'grand_total', 'status'], filters: { customer }, orderBy: { field: 'posting_date', order: 'desc' }, limit: 20 })
    return { rows: rows.length, count: await db.getCount(INVOICE, { customer }) }
  },
  async unindexed() {
    const rows = await booted().db.getDocList(INVOICE, { fields: ['name', 'customer', 'posting_date', 'grand_total'], filters: { po_no: ['like', '%7%'] }, orderBy: { field: 'posting_date', order: 'desc' }, limit: 20 })
    return rows.length
  },
  async drop() {
    const open = replica
    replica = undefined
    // logout deletes the replica's IndexedDB database
    await open?.logout()
  },
})
