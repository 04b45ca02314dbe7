import { describe, expect, it } from 'vitest'
import { createReplica } from '../create-replica.ts'
import type { LocalStore, RecordKind } from '../ports/local-store.ts'
import type { ReplicaOptions } from '../replica.ts'
import { memoryStore } from '../testing/memory-store.ts'
import { MiniServer } from '../testing/mini-server.ts'
import { SALES_META, testEnvironment } from '../testing/sales-meta.ts'
import type { AppMigration } from './app-migrations.ts'
import { prepareReplicaFormat, REPLICA_FORMAT_VERSION } from './replica-format.ts'

const DOCTYPES = ['Customer', 'Sales Invoice', 'UOM']
const KINDS: RecordKind[] = ['outbox', 'outbox-doc', 'outbox-ref', 'error', 'conflict', 'base', 'meta', 'state']

function server(): MiniServer {
  const s = new MiniServer({ meta: SALES_META, series: { Customer: 'CUST-2026-' } })
  s.serverWrite('Customer', 'CUST-1', { customer_name: 'Acme', territory: 'north', notes: 'Key account' })
  s.serverWrite('Customer', 'CUST-2', { customer_name: 'Bolt', territory: 'south' })
  s.serverWrite('Sales Invoice', 'SINV-1', { customer: 'CUST-1', docstatus: 0, items: [{ item: 'Widget', qty: 2, rate: 5 }] })
  return s
}

const options = (store: LocalStore, remote: MiniServer, migrations: readonly AppMigration[] = []): ReplicaOptions =>
  ({ store, remote, doctypes: DOCTYPES, env: testEnvironment(), user: 'me@example.com', migrations })

/** Every document and record the store holds, as text: "exactly as before" is equal text. */
async function dump(store: LocalStore): Promise<string> {
  return store.read(async (tx) => {
    const out: unknown[] = []
    for (const d of ['Customer', 'Sales Invoice', 'UOM']) out.push(await tx.queryDocs(d))
    for (const k of KINDS) out.push(await tx.listRecords(k))
    return JSON.stringify(out)
  })
}

/** A booted replica with a queued change, closed: the data app migrations start from. */
async function prepared(): Promise<{ store: LocalStore; remote: MiniServer }> {
  const store = memoryStore()
  const remote = server()
  const replica = await createReplica(options(store, remote))
  await replica.boot()
  await replica.db.createDoc('Customer', { customer_name: 'Nova', territory: 'west' })
  return { store, remote }
}

const capitalise: AppMigration = {
  name: '2026-03-capitalise-territories',
  async up(ctx) {
    const n = await ctx.updateDocs('Customer', (doc) => (typeof doc['territory'] === 'string' ? { ...doc, territory: doc['territory'].toUpperCase() } : undefined))
    await ctx.updateMutations((m) => (m.doctype === 'Customer' && m.doc ? { ...m.doc, territory: String(m.doc['territory']).toUpperCase() } : undefined))
    ctx.log(`capitalised ${n} territories`)
  },
}

const moveNotes: AppMigration = {
  name: '2026-04-notes-to-remarks',
  async up(ctx) {
    await ctx.renameField('Customer', 'notes', 'remarks')
    await ctx.putRecord('notes-moved', true)
  },
}

describe('app migrations', () => {
  it('run once each, in order, in one transaction, and are recorded', async () => {
    const { store, remote } = await prepared()
    const order: string[] = []
    const spy = (m: AppMigration): AppMigration => ({ name: m.name, up: async (ctx) => { order.push(m.name); await m.up(ctx) } })
    const replica = await createReplica(options(store, remote, [spy(capitalise), spy(moveNotes)]))
    expect(order).toEqual([capitalise.name, moveNotes.name])
    expect(await replica.db.getDoc('Customer', 'CUST-1')).toMatchObject({ territory: 'NORTH', remarks: 'Key account' })
    expect(await replica.db.getDoc('Customer', 'CUST-1')).not.toHaveProperty('notes')
    const status = await replica.migrations.status()
    expect(status.applied.map((a) => a.name)).toEqual([capitalise.name, moveNotes.name])
    expect(status.applied[0]!.report).toMatchObject({ documents: { Customer: 3 }, mutations: 1, log: ['capitalised 3 territories'] })
    expect(status.applied[1]!.report).toMatchObject({ documents: { Customer: 1 }, records: 1 })
    expect(status).toMatchObject({ pending: [], failed: undefined, format: REPLICA_FORMAT_VERSION })
    // the queued insert goes out in the new format
    await replica.sync()
    expect([...remote.table('Customer').values()].find((d) => d['customer_name'] === 'Nova')).toMatchObject({ territory: 'WEST' })
    const again = await createReplica(options(store, remote, [spy(capitalise), spy(moveNotes)]))
    expect(order).toHaveLength(2)
    expect((await again.migrations.status()).applied).toHaveLength(2)
  })

  it('leave the data exactly as before when one throws halfway, keep the replica usable, and report the error', async () => {
    const { store, remote } = await prepared()
    const before = await dump(store)
    const breaks: AppMigration = {
      name: '2026-05-split-names',
      async up(ctx) {
        let n = 0
        await ctx.updateDocs('Customer', (doc) => {
          if (++n === 2) throw new Error('customer_name has no space to split on')
          return { ...doc, first_name: String(doc['customer_name']).split(' ')[0] }
        })
      },
    }
    const replica = await createReplica(options(store, remote, [capitalise, moveNotes, breaks]))
    expect(await dump(store)).toBe(before)
    const status = await replica.migrations.status()
    expect(status.failed).toEqual({ name: breaks.name, message: 'Migration 2026-05-split-names failed: customer_name has no space to split on' })
    expect(status.pending).toEqual([capitalise.name, moveNotes.name, breaks.name])
    expect(status.applied).toEqual([])
    // usable on its old data
    expect(await replica.db.getDoc('Customer', 'CUST-1')).toMatchObject({ territory: 'north', notes: 'Key account' })
    await replica.db.updateDoc('Customer', 'CUST-2', { territory: 'east' })
    await expect(replica.migrations.run()).rejects.toMatchObject({ code: 'MIGRATION_FAILED', message: expect.stringContaining('no space to split on') })
    expect(await replica.db.getDoc('Customer', 'CUST-1')).toMatchObject({ territory: 'north' })
  })

  it('show in a dry run what they would change, and change nothing', async () => {
    const { store, remote } = await prepared()
    const replica = await createReplica({ ...options(store, remote, [capitalise, moveNotes]), autoMigrate: false })
    const before = await dump(store)
    expect((await replica.migrations.status()).pending).toEqual([capitalise.name, moveNotes.name])
    const dry = await replica.migrations.dryRun()
    expect(dry.app.ok && dry.app.reports.map((r) => [r.name, r.documents, r.log])).toEqual([
      [capitalise.name, { Customer: 3 }, ['capitalised 3 territories']], [moveNotes.name, { Customer: 1 }, []],
    ])
    expect(dry.meta).toBeUndefined()
    expect(await dump(store)).toBe(before)
    expect((await replica.migrations.status()).pending).toHaveLength(2)
    expect((await replica.migrations.run()).map((r) => r.name)).toEqual([capitalise.name, moveNotes.name])
    expect(await replica.db.getDoc('Customer', 'CUST-1')).toMatchObject({ territory: 'NORTH' })
  })

  it('refuse migrations without a name, with a duplicate name or without up()', async () => {
    const { store, remote } = await prepared()
    const bad: unknown[] = [[{ name: '', up: () => undefined }], [capitalise, { ...capitalise }], [{ name: 'x' }]]
    for (const migrations of bad) {
      await expect(createReplica({ ...options(store, remote), migrations: migrations as AppMigration[] })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    }
  })
})

describe('replica format', () => {
  it('stamps a new store, takes a store from before formats were recorded as format 1, and refuses a newer one untouched', async () => {
    const fresh = memoryStore()
    expect(await prepareReplicaFormat(fresh)).toBeUndefined()
    expect(await fresh.read((tx) => tx.getRecord('state', 'replica-format'))).toBe(REPLICA_FORMAT_VERSION)

    const { store } = await prepared()
    await store.write((tx) => tx.deleteRecord('state', 'replica-format'))
    expect(await prepareReplicaFormat(store)).toBe(1)

    await store.write((tx) => tx.putRecord('state', 'replica-format', REPLICA_FORMAT_VERSION + 1))
    const before = await dump(store)
    await expect(prepareReplicaFormat(store)).rejects.toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringMatching(/newer version of Outpost \(replica format 2/) })
    expect(await dump(store)).toBe(before)
  })

  it('brings an older store forward step by step in one write, all steps or none', async () => {
    const { store } = await prepared()
    const format2 = {
      version: 2,
      steps: new Map([[1, async (tx: Parameters<Parameters<LocalStore['write']>[0]>[0]) => {
        for (const { key, value } of await tx.listRecords<{ seq: number }>('outbox')) await tx.putRecord('outbox', key, { ...value, format2: true })
      }]]),
    }
    expect(await prepareReplicaFormat(store, format2)).toBe(1)
    expect(await store.read((tx) => tx.listRecords<{ format2?: boolean }>('outbox'))).toMatchObject([{ value: { format2: true } }])
    expect(await store.read((tx) => tx.getRecord('state', 'replica-format'))).toBe(2)

    const broken = await prepared()
    const before = await dump(broken.store)
    const failing = { version: 3, steps: new Map([[1, format2.steps.get(1)!], [2, async () => { throw new Error('step 2 failed') }]]) }
    await expect(prepareReplicaFormat(broken.store, failing)).rejects.toThrow('step 2 failed')
    expect(await dump(broken.store)).toBe(before)
    await expect(prepareReplicaFormat(broken.store, { version: 3, steps: new Map() })).rejects.toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringMatching(/format 1, which this version cannot read/) })
  })
})
