import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { afterAll, describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { createReplica, isTempName, type LocalStore, type Remote, type Replica } from '@outpost/core'
import { faultRemote, memoryStore, MiniServer, miniOutpost, SALES_META, testEnvironment, type FaultRemote } from '@outpost/core/testing'
import { attempt, Ledger, opArb, settle, syncWithFault, type Op } from './simulation-kit.ts'
import { indexedDbStore } from '@outpost/store-indexeddb'
import { sqliteStore } from '@outpost/store-sqlite'

/**
 * Model-based simulation of the engine: three replicas doing random offline work against one
 * server, with network faults on any call and restarts, must end (after syncing until nothing
 * is pending) with no duplicate, no temp name, and local equal to the server.
 * SIM_RUNS and SIM_SEED override the number of cases and the seed, for a longer soak.
 */

const REPLICAS = 3
const ops = opArb(REPLICAS)

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

interface World {
  readonly replicas: Replica[]
  readonly remotes: readonly FaultRemote[]
  readonly ledger: Ledger
  /** Open replica `i` again on its data; undefined for a store that keeps nothing once closed. */
  readonly reopen: ((i: number) => Promise<Replica>) | undefined
}

async function apply(op: Op, world: World): Promise<void> {
  const { replicas, remotes, ledger } = world
  const r = replicas[op.replica]!
  if (op.kind === 'reopen') {
    if (!world.reopen) return
    await r.close()
    replicas[op.replica] = await world.reopen(op.replica)
    return
  }
  if (op.kind === 'customer') return ledger.created(await attempt(() => r.db.createDoc('Customer', { customer_name: op.label })))
  if (op.kind === 'sync') return syncWithFault(op, r, remotes[op.replica]!)
  const doctype = op.kind === 'invoice' ? 'Customer' : 'Sales Invoice'
  const doc = await mine(r, op.kind === 'edit' ? 'Customer' : doctype, op.pick)
  if (!doc) return
  const name = String(doc['name'])
  if (op.kind === 'invoice') return ledger.created(await attempt(() => r.db.createDoc('Sales Invoice', { customer: name, items: [{ item: 'W', qty: op.qty, rate: 3 }] })))
  if (op.kind === 'edit') return void (await attempt(() => r.db.updateDoc('Customer', name, { notes: op.notes })))
  if (op.kind === 'delete') {
    await ledger.deleting(r, 'Sales Invoice', name)
    return void (await attempt(() => r.db.deleteDoc('Sales Invoice', name)))
  }
  return void (await attempt(() => r.db.submitDoc('Sales Invoice', name)))
}

/** Stock REST (one by one, cursor pull with reconciliation) or the Outpost protocol (batches, change log, no periodic reconciliation). */
const PROTOCOLS: [string, (s: MiniServer) => Remote, { reconcileEveryMs?: number }][] = [
  ['stock', (s) => s, { reconcileEveryMs: 0 }],
  ['outpost', (s) => miniOutpost(s), {}],
]

const files = mkdtempSync(join(tmpdir(), 'outpost-simulation-'))
afterAll(() => rmSync(files, { recursive: true, force: true }))
let opened = 0

const idb = new IDBFactory()
/** A place for one replica's data: each call opens a store on it. */
type Place = () => LocalStore
/** A new place; undefined for the memory store, whose data goes with the store object. */
type NewPlace = () => Place | undefined

/**
 * The engine over each store: the memory store runs the most cases (it is fastest); IndexedDB
 * (fake-indexeddb) and SQLite run fewer, with the caches and buffered writes of their own, and
 * restarts on the data they keep.
 */
const STORES: [string, NewPlace, number][] = [
  ['memory', () => undefined, 100],
  ['IndexedDB', () => {
    const name = `simulation-${opened++}`
    return () => indexedDbStore({ name, indexedDB: idb, IDBKeyRange })
  }, 30],
  ['SQLite', () => {
    const path = join(files, `replica-${opened++}.db`)
    return () => sqliteStore({ path })
  }, 30],
]

const CASES = STORES.flatMap(([store, open, runs]) => PROTOCOLS.map(([protocol, remote, options]) => [store, protocol, open, runs, remote, options] as const))

describe.each(CASES)('replica simulation (fast-check), %s store, %s protocol', (_store, _name, newPlace, runs, protocol, options) => {
  it('keeps invariants 1-4 (nothing saved lost, no duplicate, local equals server, no temp name) under random offline work, faults and restarts', async () => {
    await fc.assert(fc.asyncProperty(fc.array(ops, { minLength: 5, maxLength: 60 }), async (ops) => {
      const server = mini()
      const env = testEnvironment()
      const remotes = Array.from({ length: REPLICAS }, () => faultRemote(protocol(server)))
      const places = remotes.map(() => newPlace())
      const open = (i: number) => createReplica({ store: places[i]?.() ?? memoryStore(), remote: remotes[i]!, doctypes: ['Customer', 'Sales Invoice'], env, user: `u${i}@example.com`, ...options })
      const ledger = new Ledger()
      const world: World = { replicas: await Promise.all(remotes.map((_r, i) => open(i))), remotes, ledger, reopen: places[0] ? open : undefined }
      const { replicas } = world
      for (const op of ops) {
        await apply(op, world)
        env.advance(10_000)
      }
      await settle(replicas, ledger)
      // Invariant 1: what users saved and kept reached the server.
      ledger.expectKept(new Map(['Customer', 'Sales Invoice'].map((d) => [d, new Set([...server.table(d).values()].map((doc) => String(doc['outpost_id'])))])))
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
    }), { numRuns: Number(process.env.SIM_RUNS ?? runs), seed: Number(process.env.SIM_SEED ?? 20261127) })
  }, 120_000)
})
