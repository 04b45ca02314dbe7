import type { Replica } from '@outpost/core'
import { INVOICE } from '../compare-config.ts'
import type { ListQueries } from '../list-runs.ts'

/** Outpost's S3 queries on a replica, whatever its store (SQLite in Node, IndexedDB in Chromium). */
export function outpostListQueries(replica: Replica): ListQueries {
  return {
    async listView(customer) {
      const rows = await replica.db.getDocList(INVOICE, { fields: ['name', 'customer', 'posting_date', 'grand_total', 'status'], filters: { customer }, orderBy: { field: 'posting_date', order: 'desc' }, limit: 20 })
      return { rows: rows.length, count: await replica.db.getCount(INVOICE, { customer }) }
    },
    async unindexed() {
      const rows = await replica.db.getDocList(INVOICE, { fields: ['name', 'customer', 'posting_date', 'grand_total'], filters: { po_no: ['like', '%7%'] }, orderBy: { field: 'posting_date', order: 'desc' }, limit: 20 })
      return rows.length
    },
  }
}
