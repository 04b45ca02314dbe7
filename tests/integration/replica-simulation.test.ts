import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { afterAll } from 'vitest'
import { createReplica, isTempName, type LocalStore, type Remote, type Replica } from '@outpost/core'
import { faultRemote, memoryStore, MiniServer, miniOutpost, SALES_META, testEnvironment, type Fault } from '@outpost/core/testing'
import { indexedDbStore } from '@outpost/store-indexeddb'
import { sqliteStore } from '@outpost/store-sqlite'

/** One step a user (or the network) takes. */
type Op =
  | { kind: 'customer'; replica: number; label: string }
  | { kind: 'invoice'; replica: number; pick: number; qty: number }
  | { kind: 'edit'; replica: number; pick: number; notes: string }
  | { kind: 'delete'; replica: number; pick: number }
  | { kind: 'submit'; replica: number; pick: number }
  | { kind: 'sync'; replica: number; fault: Fault | undefined }

const REPLICAS = 3
const faultArb: fc.Arbitrary<Fault | undefined> = fc.oneof(
  fc.constant(undefined), fc.constant({ kind: 'drop-request' } as const), fc.constant({ kind: 'drop-response' } as const),
  fc.constant({ kind: 'server-error', status: 503 } as const), fc.constant({ kind: 'rate-limit', retryAfterMs: 5000 } as const),
  fc.nat(6).map((applied) => ({ kind: 'cut-batch', applied }) as const),
)
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('customer' as const), replica: fc.nat(REPLICAS - 1), label: fc.string({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('invoice' as const), replica: fc.nat(REPLICAS - 1), pick: fc.nat(), qty: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ kind: fc.constant('edit' as const), replica: fc.nat(REPLICAS - 1), pick: fc.nat(), notes: fc.string({ maxLength: 10 }) }),
  fc.record({ kind: fc.constant('delete' as const), replica: fc.nat(REPLICAS - 1), pick: fc.nat() }),
  fc.record({ kind: fc.constant('submit' as const), replica: fc.nat(REPLICAS - 1), pick: fc.nat() }),
  fc.record({ kind: fc.constant('sync' as const), replica: fc.nat(REPLICAS - 1), fault: faultArb }),
)

function mini(): MiniServer {
  return new MiniServer({
    meta: SALES_META, series: { Customer: 'CUST-', 'Sales Invoice': 'SINV-', 'Payment Entry': 'PAY-' },
    links: { 'Sales Invoice': { customer: 'Customer' } },
    validate: (doctype, doc) => (doctype === 'Sales Invoice' && ((doc['items'] as Doc[]) ?? []).some((r) => Number(r['qty']) <= 0) ? 'Quantity must be greater than zero' : undefined),
  })
}

async function mine(r: Replica, doctype: string, pick: number): Promise<Doc | undefined> {
  const docs = await r.db.getDocList(doctype, { fields: ['*'], limit: 0, orderBy: { field: 'creation', order: 'asc' } })
  return docs.length ? docs[pick % docs.length] : undefined
}

async function apply(op: Op, replicas: Replica[], remotes: ReturnType<typeof faultRemote>[]): Promise<void> {
  const r = replicas[op.replica]!
  const attempt = async (fn: () => Promise<unknown>): Promise<void> => {
    try { await fn() } catch (e) { if ((e as { code?: string }).code === undefined) throw e }
  }
  if (op.kind === 'customer') return attempt(() => r.db.createDoc('Customer', { customer_name: op.label }))
  if (op.kind === 'sync') {
    remotes[op.replica]!.plan((call) => (call.op === 'push' || call.op === 'pushBatch' ? op.fault : undefined))
    await r.sync()
    remotes[op.replica]!.plan(() => undefined)
    return
  }
  const doctype = op.kind === 'invoice' ? 'Customer' : 'Sales Invoice'
  const doc = await mine(r, op.kind === 'edit' ? 'Customer' : doctype, op.pick)
  if (!doc) return
  const name = String(doc['name'])
  if (op.kind === 'invoice') return attempt(() => r.db.createDoc('Sales Invoice', { customer: name, items: [{ item: 'W', qty: op.qty, rate: 3 }] }))
  if (op.kind === 'edit') return attempt(() => r.db.updateDoc('Customer', name, { notes: op.notes }))
  if (op.kind === 'delete') return attempt(() => r.db.deleteDoc('Sales Invoice', name))
  return attempt(() => r.db.submitDoc('Sales Invoice', name))
}

/** Sync everyone, discarding what the server refuses, until nothing is pending. */
async function settle(replicas: Replica[]): Promise<void> {
  for (let round = 0; round < 6; round++) {
    for (const r of replicas) {
      await r.sync()
      for (const e of await r.errors.list()) await r.errors.discard(e.id)
    }
  }
}

/** Stock REST (one by one, cursor pull with reconciliation) or the Outpost protocol (batches, change log, no periodic reconciliation). */
const PROTOCOLS: [string, (s: MiniServer) => Remote, { reconcileEveryMs?: number }][] = [
  ['stock', (s) => s, { reconcileEveryMs: 0 }],
  ['outpost', (s) => miniOutpost(s), {}],
]

const files = mkdtempSync(join(tmpdir(), 'outpost-simulation-'))
afterAll(() => rmSync(files, { recursive: true, force: true }))
let opened = 0

/**
 * The engine over each store: the memory store runs the most cases (it is fastest); IndexedDB
 * (fake-indexeddb) and SQLite run fewer, with the caches and buffered writes of their own.
 */
const STORES: [string, () => LocalStore, number][] = [
  ['memory', () => memoryStore(), 100],
  ['IndexedDB', () => indexedDbStore({ name: `simulation-${opened++}`, indexedDB: new IDBFactory(), IDBKeyRange }), 30],
  ['SQLite', () => sqliteStore({ path: join(files, `replica-${opened++}.db`) }), 30],
]

const CASES = STORES.flatMap(([store, open, runs]) => PROTOCOLS.map(([protocol, remote, options]) => [store, protocol, open, runs, remote, options] as const))

describe.each(CASES)('replica simulation (fast-check), %s store, %s protocol', (_store, _name, openStore, runs, protocol, options) => {
  it('keeps invariants 2-4 (no duplicate, local equals server, no temp name) under random offline work and network faults', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 60 }), async (ops) => {
      const server = mini()
      const env = testEnvironment()
      const remotes = Array.from({ length: REPLICAS }, () => faultRemote(protocol(server)))
      const replicas = await Promise.all(remotes.map((remote, i) => createReplica({ store: openStore(), remote, doctypes: ['Customer', 'Sales Invoice'], env, user: `u${i}@example.com`, ...options })))
      const rejectedSeen = new Set<string>()
      for (const op of ops) {
        await apply(op, replicas, remotes)
        env.advance(10_000)
        for (const r of replicas) for (const e of await r.errors.list()) rejectedSeen.add(e.id)
      }
      await settle(replicas)
      // Invariant 2: one server document per client id.
      for (const doctype of ['Customer', 'Sales Invoice']) {
        const ids = [...server.table(doctype).values()].map((d) => d['outpost_id'])
        expect(new Set(ids).size).toBe(ids.length)
      }
      for (const r of replicas) {
        expect(r.status.pending).toBe(0)
        for (const doctype of ['Customer', 'Sales Invoice']) {
          const local = await r.db.getDocList(doctype, { fields: ['*'], limit: 0 })
          // Invariant 4: no temp name survives a full sync.
          expect(local.filter((d) => isTempName(d['name']))).toEqual([])
          // Invariant 3: local equals the server for every document.
          const serverNames = [...server.table(doctype).keys()].sort()
          expect(local.map((d) => String(d['name'])).sort()).toEqual(serverNames)
          for (const d of local) expect(d['modified']).toBe(server.table(doctype).get(String(d['name']))?.['modified'])
        }
      }
      await Promise.all(replicas.map((r) => r.close()))
    }), { numRuns: runs, seed: 20261127 })
  }, 120_000)
})
