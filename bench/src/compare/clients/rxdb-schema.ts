import type { RxCollection, RxJsonSchema } from 'rxdb'
import { replicateRxCollection } from 'rxdb/plugins/replication'
import type { Doc } from '@outpost/meta'

/**
 * The RxDB collections and schemas both RxDB clients use (memory storage in Node, Dexie in
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
