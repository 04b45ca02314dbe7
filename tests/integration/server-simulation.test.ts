import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReplica, isTempName, type Replica } from '@outpost/core'
import { faultRemote, testEnvironment, type FaultRemote } from '@outpost/core/testing'
import { attempt, Ledger, opArb, settle, syncWithFault, type Op } from './simulation-kit.ts'
import { demoClientHooks } from '@outpost/demo'
import { sqliteStore } from '@outpost/store-sqlite'
import { startDemoSite, type DemoServer } from './demo-server.ts'
import { adminRemote, REMOTES, scratchDir, type RemoteKind } from './replica-helpers.ts'

/**
 * The replica simulation against the reference server itself (in this process, over HTTP):
 * its validations, naming, change log, stored push answers and REST paths, under random
 * offline work by three replicas, network faults on any call and restarts. After syncing until
 * nothing is pending: nothing saved is lost, one server document per client id, no temp name,
 * and each replica equal to the server. SIM_RUNS and SIM_SEED override the number of cases and the seed.
 */

const REPLICAS = 3
const DOCTYPES = ['Customer', 'Sales Invoice']
const ops = opArb(REPLICAS)

interface World {
  readonly replicas: Replica[]
  readonly remotes: readonly FaultRemote[]
  readonly open: (i: number) => Promise<Replica>
  readonly item: string
  readonly ledger: Ledger
}

async function pick(r: Replica, doctype: string, n: number): Promise<string | undefined> {
  const docs = await r.db.getDocList(doctype, { fields: ['name'], limit: 0, orderBy: { field: 'creation', order: 'desc' } })
  return docs.length ? String(docs[n % Math.min(docs.length, 8)]!['name']) : undefined
}

async function apply(op: Op, world: World): Promise<void> {
  const r = world.replicas[op.replica]!
  switch (op.kind) {
    case 'reopen':
      await r.close()
      world.replicas[op.replica] = await world.open(op.replica)
      return
    case 'sync':
      return syncWithFault(op, r, world.remotes[op.replica]!)
    case 'customer':
      return world.ledger.created(await attempt(() => r.db.createDoc('Customer', { customer_name: `Sim ${op.label}`, customer_type: 'Company', territory: 'North', customer_group: 'Commercial' })))
    case 'edit': {
      const name = await pick(r, 'Customer', op.pick)
      if (name !== undefined) await attempt(() => r.db.updateDoc('Customer', name, { customer_details: op.notes }))
      return
    }
    case 'invoice': {
      const customer = await pick(r, 'Customer', op.pick)
      if (customer === undefined) return
      return world.ledger.created(await attempt(() => r.db.createDoc('Sales Invoice', {
        customer, company: 'Outpost Demo', posting_date: '2026-11-20', set_posting_time: 1, items: [{ item_code: world.item, qty: op.qty, rate: 10 }],
      })))
    }
    case 'delete': {
      const name = await pick(r, 'Sales Invoice', op.pick)
      if (name === undefined) return
      await world.ledger.deleting(r, 'Sales Invoice', name)
      await attempt(() => r.db.deleteDoc('Sales Invoice', name))
      return
    }
    case 'submit': {
      const name = await pick(r, 'Sales Invoice', op.pick)
      if (name !== undefined) await attempt(() => r.db.submitDoc('Sales Invoice', name))
      return
    }
  }
}

async function expectConverged(server: DemoServer, replicas: readonly Replica[], ledger: Ledger): Promise<void> {
  const kept = new Map<string, Set<string>>()
  for (const doctype of DOCTYPES) {
    const onServer = await server.admin.list(doctype, [], ['name', 'modified', 'outpost_id'])
    kept.set(doctype, new Set(onServer.map((d) => String(d['outpost_id']))))
    // Invariant 2: one server document per client id.
    const ids = onServer.map((d) => d['outpost_id']).filter((id) => id !== null && id !== undefined && id !== '')
    expect(new Set(ids).size).toBe(ids.length)
    const modified = new Map(onServer.map((d) => [String(d['name']), String(d['modified'])]))
    for (const r of replicas) {
      expect(r.status.pending).toBe(0)
      const local = await r.db.getDocList(doctype, { fields: ['name', 'modified'], limit: 0 })
      // Invariant 4: no temp name survives a full sync.
      expect(local.filter((d) => isTempName(d['name']))).toEqual([])
      // Invariant 3: local equals the server.
      expect(local.map((d) => String(d['name'])).sort()).toEqual([...modified.keys()].sort())
      for (const d of local) expect(String(d['modified'])).toBe(modified.get(String(d['name'])))
    }
  }
  // Invariant 1: what users saved and kept reached the server.
  ledger.expectKept(kept)
}

let server: DemoServer
const files = scratchDir('outpost-server-simulation-')
beforeAll(async () => {
  server = await startDemoSite()
})
afterAll(async () => {
  await server.close()
  files.cleanup()
})
let opened = 0
let cases = 0

describe.each(REMOTES)('replica simulation against the reference server (%s remote)', (kind: RemoteKind) => {
  it('keeps invariants 1-4 under random offline work, faults on any call and restarts', async () => {
    await fc.assert(fc.asyncProperty(fc.array(ops, { minLength: 5, maxLength: 40 }), async (ops) => {
      // one server serves every case: each case's ids are its own
      const env = testEnvironment(undefined, ++cases)
      const remotes = Array.from({ length: REPLICAS }, () => faultRemote(adminRemote(server, kind)))
      const paths = remotes.map(() => files.path(`replica-${opened++}.db`))
      const open = (i: number) => createReplica({ store: sqliteStore({ path: paths[i]! }), remote: remotes[i]!, doctypes: DOCTYPES, env, hooks: demoClientHooks })
      const replicas = await Promise.all(remotes.map((_r, i) => open(i)))
      for (const r of replicas) expect((await r.boot()).offline).toBe(false)
      const item = (await replicas[0]!.db.getDocList('Item', { fields: ['name'], filters: { disabled: 0 }, limit: 1 }))[0]!['name']
      const world: World = { replicas, remotes, open, item: String(item), ledger: new Ledger() }
      try {
        for (const op of ops) {
          await apply(op, world)
          env.advance(10_000)
        }
        await settle(world.replicas, world.ledger)
        await expectConverged(server, world.replicas, world.ledger)
      } finally {
        await Promise.all(world.replicas.map((r) => r.close()))
      }
    }), { numRuns: Number(process.env['SIM_RUNS'] ?? 12), seed: Number(process.env['SIM_SEED'] ?? 20261128) })
  }, 600_000)
})

