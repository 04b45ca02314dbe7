import { copyFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReplica, REPLICA_FORMAT_VERSION, type AppMigration, type Replica } from '@outpost/core'
import { sqliteStore, STORE_FORMAT_VERSION } from '@outpost/store-sqlite'
import { startDemoSite, type DemoServer } from './demo-server.ts'
import { adminRemote, DOCTYPES, scratchDir } from './replica-helpers.ts'
import { FIXTURE_DOCTYPES, fixtureServer, FORMAT_1_FIXTURE } from './store-format-fixture.ts'

/** Every row of every table of a SQLite file, as text: "exactly as before" is equal text. */
function dumpFile(path: string): string {
  const db = new Database(path, { readonly: true })
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]
    return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).all()]))
  } finally {
    db.close()
  }
}

describe('app migrations of a SQLite replica', () => {
  const files = scratchDir('outpost-app-migrations-')
  let server: DemoServer
  const path = files.path('replica.db')
  const open = (migrations: readonly AppMigration[]): Promise<Replica> =>
    createReplica({ store: sqliteStore({ path }), remote: adminRemote(server), doctypes: [...DOCTYPES], migrations })

  beforeAll(async () => {
    server = await startDemoSite()
    const replica = await open([])
    await replica.boot()
    for (const name of ['Harbour Stores', 'Hill Traders', 'Lake Supplies']) {
      await replica.db.createDoc('Customer', { customer_name: name, customer_type: 'Company', territory: 'North', customer_group: 'Commercial' })
    }
    await replica.close()
  })
  afterAll(async () => {
    await server?.close()
    files.cleanup()
  })

  const ran: string[] = []
  const tagCustomers: AppMigration = {
    name: '001-tag-customers',
    async up(ctx) {
      ran.push(this.name)
      await ctx.updateDocs('Customer', (doc) => ({ ...doc, customer_details: `[tagged] ${String(doc['customer_details'] ?? '')}` }))
      await ctx.putRecord('tagged', true)
    },
  }
  const splitNames = (failAt: number | undefined): AppMigration => ({
    name: '002-split-names',
    async up(ctx) {
      ran.push(this.name)
      let n = 0
      await ctx.updateDocs('Customer', (doc) => {
        if (++n === failAt) throw new Error(`cannot split the name of ${String(doc['name'])}`)
        return { ...doc, mobile_no: String(doc['customer_name']).split(' ')[0] }
      })
      await ctx.updateMutations((m) => (m.kind === 'insert' && m.doctype === 'Customer' && m.doc ? { ...m.doc, mobile_no: String(m.doc['customer_name']).split(' ')[0] } : undefined))
    },
  })

  it('keeps the file exactly as before when a migration throws halfway, and the replica opens on the old data', async () => {
    const before = dumpFile(path)
    const replica = await open([tagCustomers, splitNames(20)])
    expect(ran).toEqual(['001-tag-customers', '002-split-names'])
    const status = await replica.migrations.status()
    expect(status.failed?.name).toBe('002-split-names')
    expect(status.failed?.message).toMatch(/^Migration 002-split-names failed: cannot split the name of /)
    expect(status).toMatchObject({ applied: [], pending: ['001-tag-customers', '002-split-names'] })
    const customer = (await replica.db.getDocList('Customer', { fields: ['name', 'customer_details'], limit: 1 }))[0]!
    expect(String(customer['customer_details'] ?? '')).not.toContain('[tagged]')
    expect(replica.status.pending).toBe(3)
    await replica.close()
    expect(dumpFile(path)).toBe(before)
  })

  it('runs them once, in order, when they succeed, and the queued changes go out in the new format', async () => {
    ran.length = 0
    const replica = await open([tagCustomers, splitNames(undefined)])
    expect(ran).toEqual(['001-tag-customers', '002-split-names'])
    const status = await replica.migrations.status()
    expect(status.applied.map((a) => a.name)).toEqual(['001-tag-customers', '002-split-names'])
    expect(status.applied[1]!.report.mutations).toBe(3)
    expect(await replica.sync()).toMatchObject({ pushed: 3, rejected: 0 })
    const pushed = await server.admin.list('Customer', [['customer_name', '=', 'Harbour Stores']], ['mobile_no', 'customer_details'])
    // the payload carries what the migration wrote into it; the stored copy alone was tagged
    expect(pushed).toEqual([{ mobile_no: 'Harbour', customer_details: null }])
    await replica.close()
    const again = await open([tagCustomers, splitNames(undefined)])
    expect(ran).toHaveLength(2)
    await again.close()
  })
})

describe('the store format', () => {
  const files = scratchDir('outpost-format-')
  afterAll(() => files.cleanup())

  it('a newer library opens a file written by format 1: its documents, outbox and logs, and the outbox still syncs', async () => {
    const path = files.path('old.sqlite')
    copyFileSync(FORMAT_1_FIXTURE, path)
    const remote = fixtureServer()
    const replica = await createReplica({ store: sqliteStore({ path }), remote, doctypes: FIXTURE_DOCTYPES, user: 'field@example.com' })
    expect(STORE_FORMAT_VERSION).toBeGreaterThanOrEqual(1)
    expect((await replica.migrations.status()).format).toBe(REPLICA_FORMAT_VERSION)
    expect(await replica.db.getDoc('Customer', 'CUST-1')).toMatchObject({ customer_name: 'Acme', notes: 'Key account' })
    expect(await replica.db.getDoc('Customer', 'CUST-2')).toMatchObject({ notes: 'edited offline' })
    expect((await replica.db.getDoc('Sales Invoice', 'SINV-1'))['items']).toMatchObject([{ item: 'Widget', qty: 2 }])
    expect(await replica.errors.list()).toMatchObject([{ kind: 'insert', message: 'Customer Refused Ltd is on the stop list' }])
    expect(replica.status).toMatchObject({ pending: 4, errors: 1 })
    // the refused insert waits in the log; the edit, the customer and its invoice go through
    const summary = await replica.sync()
    expect(summary).toMatchObject({ offline: false, pushed: 3, rejected: 0 })
    expect(remote.table('Customer').get('CUST-2')).toMatchObject({ notes: 'edited offline' })
    const created = [...remote.table('Customer').values()].find((d) => d['customer_name'] === 'Written by format 1')!
    expect([...remote.table('Sales Invoice').values()].some((d) => d['customer'] === created['name'])).toBe(true)
    await replica.close()
  })
})
