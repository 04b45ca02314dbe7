import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { IDBFactory, IDBIndex, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb'
import { createReplica, type LocalStore } from '@outpost/core'
import { MiniServer, SALES_META, faultRemote, miniOutpost, testEnvironment } from '@outpost/core/testing'
import { indexedDbStore } from '@outpost/store-indexeddb'
import { sqliteStore } from '@outpost/store-sqlite'

/**
 * A boot of N Customers, in pages of 500, from the in-memory test server into IndexedDB
 * (fake-indexeddb, in this process) and into SQLite (in memory): once as seeded on the server
 * (no `outpost_id`), once as created by Outpost clients (each with its `outpost_id`), and once
 * so with a change made here still queued (its push refused for now with a 429), as a pull
 * while offline work waits. Prints the time of each and, for IndexedDB, the requests it made.
 *
 *   node --conditions=outpost-source --import tsx bench/src/boot-outpost-ids.ts [--docs 3000]
 */
const { values } = parseArgs({ options: { docs: { type: 'string', default: '3000' } } })

let requests = 0
type Method = (this: unknown, ...args: unknown[]) => unknown
for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as unknown as Record<string, Method>[]) {
  for (const name of ['get', 'getAll', 'getAllKeys', 'count', 'openCursor', 'openKeyCursor']) {
    const original = proto[name]
    if (!original) continue
    proto[name] = function (this: unknown, ...args: unknown[]) {
      requests++
      return original.apply(this, args)
    }
  }
}

async function boot(store: LocalStore, docs: number, withIds: boolean, queued: boolean): Promise<{ ms: number; requests: number }> {
  const mini = new MiniServer({ meta: SALES_META, series: { Customer: 'CUST-' } })
  for (let i = 1; i <= docs; i++) {
    mini.serverWrite('Customer', `CUST-${String(i).padStart(6, '0')}`, { doctype: 'Customer', customer_name: `Customer ${i}`, ...(withIds ? { outpost_id: randomUUID() } : {}) })
  }
  const remote = faultRemote(miniOutpost(mini))
  const replica = await createReplica({ store, remote, doctypes: ['Customer'], env: testEnvironment(undefined, 1), pageSize: 500 })
  if (queued) {
    await replica.db.createDoc('Customer', { customer_name: 'Made here' })
    remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'rate-limit', retryAfterMs: 60_000 } : undefined))
  }
  requests = 0
  const t0 = performance.now()
  await replica.boot()
  const out = { ms: Math.round(performance.now() - t0), requests }
  await replica.close()
  return out
}

const docs = Number(values.docs)
for (const [withIds, queued] of [[false, false], [true, false], [true, true]] as const) {
  const idb = await boot(indexedDbStore({ name: `boot-${String(withIds)}-${String(queued)}`, indexedDB: new IDBFactory(), IDBKeyRange }), docs, withIds, queued)
  const sqlite = await boot(sqliteStore({ path: ':memory:' }), docs, withIds, queued)
  console.log(JSON.stringify({ docs, outpost_id: withIds, queued_change: queued, indexeddb_ms: idb.ms, indexeddb_requests: idb.requests, sqlite_ms: sqlite.ms }))
}
