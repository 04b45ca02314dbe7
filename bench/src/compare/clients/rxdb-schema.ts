import { uncacheRxQuery, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb'
import { replicateRxCollection } from 'rxdb/plugins/replication'
import type { Doc } from '@outpost/meta'
import type { ListQueries } from '../list-runs.ts'

/**
 * The RxDB collections, schemas, replication and S3 queries both RxDB clients use (memory storage in Node, Dexie in
 * Chromium). The free build opens at most 13 collections, so the masters share one collection;
 * invoices, customers and items have their own.
 */
export type RxDoc = Doc & { id: string }
export const COLLECTIONS = ['sales_invoice', 'customer', 'item', 'masters'] as const

export function schemaFor(collection: string): RxJsonSchema<RxDoc> {
  const invoice = collection === 'sales_invoice'
  return {
    version: 0, primaryKey: 'id', type: 'object',
    properties: {
      id: { type: 'string', maxLength: 200 }, doctype: { type: 'string', maxLength: 100 }, name: { type: 'string', maxLength: 200 },
      ...(invoice ? { customer: { type: 'string', maxLength: 200 }, posting_date: { type: 'string', maxLength: 10 } } : {}),
    },
    required: invoice ? ['id', 'customer', 'posting_date'] : ['id'],
    ...(invoice ? { indexes: [['customer', 'posting_date'], 'posting_date'] } : {}),
  } as RxJsonSchema<RxDoc>
}

export const rxId = (doctype: string, name: string): string => `${doctype}::${name}`

/** The bench's collections added to `db`; answers each by name. */
export async function addCollections(db: RxDatabase): Promise<(name: string) => RxCollection> {
  const created = await db.addCollections(Object.fromEntries(COLLECTIONS.map((c) => [c, { schema: schemaFor(c) }])))
  return (name) => created[name]!
}

/** Documents in every collection. */
export async function countAll(col: (name: string) => RxCollection): Promise<number> {
  let docs = 0
  for (const name of COLLECTIONS) docs += await col(name).count().exec()
  return docs
}

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!res.ok) throw new Error(`${url}: ${res.status} ${(await res.text()).slice(0, 300)}`)
  return (await res.json()) as T
}

/** One one-shot replication of every collection against the server at `url`, pull and push, resumed from its checkpoints. */
export async function replicateOnce(col: (name: string) => RxCollection, url: string, batchSize: number): Promise<void> {
  const states = COLLECTIONS.map((name) => replicateRxCollection<RxDoc, { version: number }>({
    collection: col(name), replicationIdentifier: `bench-${name}`, live: false, retryTime: 1000, waitForLeadership: false,
    pull: { batchSize, handler: (checkpoint, limit) => post(`${url}/rxdb/pull`, { collection: name, checkpoint: checkpoint ?? null, limit }) },
    push: { batchSize, handler: (rows) => post(`${url}/rxdb/push`, { collection: name, rows }) },
  }))
  const errors: unknown[] = []
  for (const s of states) s.error$.subscribe((e) => errors.push(e))
  await Promise.all(states.map((s) => s.awaitInitialReplication()))
  await Promise.all(states.map((s) => s.cancel()))
  if (errors.length > 0) throw new Error(`replication errors: ${String(errors[0])}`)
}

/**
 * The S3 queries on the invoices collection, run past RxDB's query cache, which would answer a
 * repeated query without running it.
 */
export function rxdbListQueries(invoices: RxCollection): ListQueries {
  const newestFirst = [{ posting_date: 'desc' as const }]
  async function fresh<T>(query: { exec(): Promise<T> } & Parameters<typeof uncacheRxQuery>[1]): Promise<T> {
    const result = await query.exec()
    uncacheRxQuery(invoices._queryCache, query)
    return result
  }
  return {
    async listView(customer) {
      const rows = await fresh(invoices.find({ selector: { customer }, sort: newestFirst, limit: 20 }))
      return { rows: rows.length, count: await fresh(invoices.count({ selector: { customer } })) }
    },
    async unindexed() {
      return (await fresh(invoices.find({ selector: { po_no: { $regex: '7' } }, sort: newestFirst, limit: 20 }))).length
    },
  }
}
