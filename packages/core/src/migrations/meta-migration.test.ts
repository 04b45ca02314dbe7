import { describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { createReplica } from '../create-replica.ts'
import type { MetaMigrationReport } from './meta-migration.ts'
import type { Remote } from '../ports/remote.ts'
import type { Replica } from '../replica.ts'
import { faultRemote, type FaultRemote } from '../testing/fault-remote.ts'
import { memoryStore } from '../testing/memory-store.ts'
import { MiniServer } from '../testing/mini-server.ts'
import { invoiceTotals, SALES_META, testEnvironment } from '../testing/sales-meta.ts'

type Json = Record<string, unknown>
const DOCTYPES = ['Customer', 'Sales Invoice', 'UOM']
const V1 = '2026-01-01 00:00:00.000000'
const V2 = '2026-02-01 00:00:00.000000'

const json = (doctype: string): Json => structuredClone(SALES_META[doctype]![0]) as Json
const fieldsOf = (j: Json): Json[] => j['fields'] as Json[]

/** The site before the upgrade: the sales schema, Customer with a website and visits (Data). */
function metaV1(): Record<string, unknown[]> {
  const customer = json('Customer')
  fieldsOf(customer).push({ fieldname: 'website', fieldtype: 'Data', label: 'Website' }, { fieldname: 'visits', fieldtype: 'Data', label: 'Visits' })
  const item = json('Sales Invoice Item')
  const invoice = json('Sales Invoice')
  return { Customer: [customer], 'Sales Invoice': [invoice, item], 'Sales Invoice Item': [item], UOM: [json('UOM')] }
}

/**
 * After: Customer loses website, notes is renamed remarks_text, visits becomes Int, credit_limit
 * (Currency, default 1000) and tier (Select) are new; Sales Invoice Item's qty becomes Int and
 * its uom goes. Only the child DocType's `modified` moves for the item changes.
 */
function upgrade(meta: Record<string, unknown[]>): void {
  const customer = meta['Customer']![0] as Json
  customer['modified'] = V2
  customer['fields'] = [
    ...fieldsOf(customer).filter((f) => f['fieldname'] !== 'website' && f['fieldname'] !== 'notes').map((f) => (f['fieldname'] === 'visits' ? { ...f, fieldtype: 'Int' } : f)),
    { fieldname: 'remarks_text', fieldtype: 'Text', label: 'Remarks' },
    { fieldname: 'credit_limit', fieldtype: 'Currency', label: 'Credit Limit', default: '1000' },
    { fieldname: 'tier', fieldtype: 'Select', label: 'Tier', options: 'Bronze\nSilver' },
  ]
  const item = meta['Sales Invoice Item']![0] as Json
  item['modified'] = V2
  item['fields'] = fieldsOf(item).filter((f) => f['fieldname'] !== 'uom').map((f) => (f['fieldname'] === 'qty' ? { ...f, fieldtype: 'Int' } : f))
  meta['Sales Invoice'] = [meta['Sales Invoice']![0]!, item]
}

function site(meta: Record<string, unknown[]>): MiniServer {
  const server = new MiniServer({ meta, series: { Customer: 'CUST-2026-', 'Sales Invoice': 'SINV-2026-' } })
  server.serverWrite('UOM', 'Nos', { uom_name: 'Nos' })
  server.serverWrite('Customer', 'CUST-1', { customer_name: 'Acme', territory: 'North', notes: 'Key account', visits: '4', website: 'acme.example' })
  server.serverWrite('Customer', 'CUST-2', { customer_name: 'Bolt', territory: 'South', visits: 'weekly' })
  server.serverWrite('Customer', 'CUST-3', { customer_name: 'Crate', territory: 'East' })
  server.serverWrite('Customer', 'CUST-5', { customer_name: 'Eden', territory: 'West', visits: 'sometimes' })
  server.serverWrite('Sales Invoice', 'SINV-1', { customer: 'CUST-1', docstatus: 0, items: [{ item: 'Widget', qty: 2, rate: 5, uom: 'Nos' }] })
  server.serverWrite('Sales Invoice', 'SINV-2', { customer: 'CUST-2', docstatus: 1, items: [{ item: 'Gadget', qty: 1, rate: 9 }] })
  server.serverWrite('Sales Invoice', 'SINV-3', { customer: 'CUST-3', docstatus: 0, items: [{ item: 'Bolt', qty: 3, rate: 1, uom: 'Nos' }] })
  return server
}

interface Setup {
  readonly meta: Record<string, unknown[]>
  readonly server: MiniServer
  readonly remote: FaultRemote
  readonly replica: Replica
  readonly env: ReturnType<typeof testEnvironment>
}

async function setup(wrap: (s: MiniServer, meta: Record<string, unknown[]>) => Remote = (s) => s): Promise<Setup> {
  const meta = metaV1()
  const server = site(meta)
  const remote = faultRemote(wrap(server, meta))
  const env = testEnvironment()
  const replica = await createReplica({
    store: memoryStore(), remote, doctypes: DOCTYPES, env, user: 'me@example.com', hooks: { 'Sales Invoice': invoiceTotals },
    renamedFields: { Customer: { notes: 'remarks_text' } },
  })
  expect((await replica.boot()).offline).toBe(false)
  return { meta, server, remote, replica, env }
}

/** Queued changes of every kind, made offline before the site upgrade. */
async function offlineWork(r: Replica): Promise<Record<string, Doc>> {
  const withWebsite = await r.db.createDoc('Customer', { customer_name: 'Nova', website: 'https://nova.example', visits: '3', notes: 'met at fair' })
  const badVisits = await r.db.createDoc('Customer', { customer_name: 'Orbit', visits: 'often' })
  const clean = await r.db.createDoc('Customer', { customer_name: 'Pine', visits: '12', notes: 'new lead' })
  await r.db.updateDoc('Customer', 'CUST-1', { website: 'acme.example/new' })
  await r.db.updateDoc('Customer', 'CUST-3', { visits: '5' })
  const invoice = await r.db.createDoc('Sales Invoice', { customer: 'CUST-3', items: [{ item: 'Widget', qty: 2, rate: 10 }] })
  await r.db.submitDoc('Sales Invoice', String(invoice['name']))
  const fractional = await r.db.createDoc('Sales Invoice', { customer: 'CUST-3', items: [{ item: 'Rope', qty: 1.5, rate: 4, uom: 'Nos' }] })
  await r.db.submitDoc('Sales Invoice', 'SINV-1')
  await r.db.cancelDoc('Sales Invoice', 'SINV-2')
  await r.db.deleteDoc('Customer', 'CUST-5')
  return { withWebsite, badVisits, clean, invoice, fractional }
}

describe('meta migration: the site is upgraded while the replica is offline', () => {
  it('migrates stored documents and queued changes of every kind, logs what cannot be sent, and syncs the rest', async () => {
    const { meta, server, remote, replica } = await setup()
    const work = await offlineWork(replica)
    expect(replica.status.pending).toBe(11)
    remote.plan(() => ({ kind: 'drop-request' }))
    expect((await replica.sync()).offline).toBe(true)
    upgrade(meta)
    remote.plan(() => undefined)
    const migrated: MetaMigrationReport[] = []
    replica.on('migrated', (r) => migrated.push(r))

    const summary = await replica.sync()
    expect(summary).toMatchObject({ offline: false, rejected: 0, conflicts: 0, pushed: 7 })
    expect(migrated).toHaveLength(1)
    const report = migrated[0]!
    expect(report.doctypes.map((d) => d.doctype).sort()).toEqual(['Customer', 'Sales Invoice Item'])
    expect(report.doctypes.find((d) => d.doctype === 'Customer')).toMatchObject({
      from: V1, to: V2, removed: ['website'], added: ['credit_limit', 'tier'], renamed: [{ from: 'notes', to: 'remarks_text' }],
      retyped: [{ field: 'visits', from: 'Data', to: 'Int' }],
    })
    // a stored value that cannot become a number is reported (the server keeps its own copy)
    expect(report.unconverted.map((u) => [u.name, u.loss.field, u.loss.value])).toContainEqual(['CUST-2', 'visits', 'weekly'])

    // exactly the changes that carried values the new meta has no place for wait in the log
    const errors = await replica.errors.list()
    expect(errors.map((e) => e.name).sort()).toEqual(['CUST-1', String(work['badVisits']!['name']), String(work['fractional']!['name']), String(work['withWebsite']!['name'])].sort())
    const website = errors.find((e) => e.name === work['withWebsite']!['name'])!
    expect(website).toMatchObject({ excType: 'MetaChangedError', kind: 'insert', lost: [{ field: 'website', value: 'https://nova.example', reason: 'removed' }] })
    expect(website.message).toMatch(/no longer has the field Website \(website\): "https:\/\/nova\.example" was not sent/)
    const update = errors.find((e) => e.name === 'CUST-1')!
    expect(update).toMatchObject({ kind: 'update', lost: [{ field: 'website', value: 'acme.example/new' }] })
    expect(errors.find((e) => e.name === work['badVisits']!['name'])!.lost).toMatchObject([{ field: 'visits', value: 'often', reason: 'unconvertible' }])
    expect(errors.find((e) => e.name === work['fractional']!['name'])!.lost).toMatchObject([
      { doctype: 'Sales Invoice Item', field: 'uom', value: 'Nos', reason: 'removed', row: { table: 'items', idx: 1 } },
      { doctype: 'Sales Invoice Item', field: 'qty', value: 1.5, reason: 'unconvertible', row: { table: 'items', idx: 1 } },
    ])
    // logged, not lost: each waits in the outbox for a retry or a discard
    expect(replica.status).toMatchObject({ errors: 4, pending: 4 })

    // what went out has the new shape
    const pine = [...server.table('Customer').values()].find((d) => d['customer_name'] === 'Pine')!
    expect(pine).toMatchObject({ visits: 12, remarks_text: 'new lead', credit_limit: 1000, tier: 'Bronze' })
    expect(pine).not.toHaveProperty('notes')
    expect(server.table('Customer').get('CUST-3')).toMatchObject({ visits: 5 })
    expect(server.table('Customer').has('CUST-5')).toBe(false)
    expect(server.table('Sales Invoice').get('SINV-1')!['docstatus']).toBe(1)
    expect(server.table('Sales Invoice').get('SINV-2')!['docstatus']).toBe(2)
    const invoice = [...server.table('Sales Invoice').values()].find((d) => d['outpost_id'] === work['invoice']!['outpost_id'])!
    expect(invoice['docstatus']).toBe(1)

    // stored documents have the new shape too
    const acme = await replica.db.getDoc('Customer', 'CUST-1')
    expect(acme).toMatchObject({ remarks_text: 'Key account', visits: 4, credit_limit: 1000 })
    expect(acme).not.toHaveProperty('website')
    expect(acme).not.toHaveProperty('tier')
    const rows = (await replica.db.getDoc('Sales Invoice', 'SINV-3'))['items'] as Doc[]
    expect(rows[0]).not.toHaveProperty('uom')
    expect(rows[0]).toMatchObject({ qty: 3 })
    expect(await replica.db.getCount('Customer', { credit_limit: 1000 })).toBeGreaterThanOrEqual(3)

    const status = await replica.migrations.status()
    expect(status.meta.find((m) => m.doctype === 'Customer')?.version).toBe(V2)
    expect(status.meta.find((m) => m.doctype === 'Sales Invoice Item')?.version).toBe(V2)
    expect(status.metaMigrations).toHaveLength(1)
  })

  it('sends the rest of a logged change on retry and drops it on discard', async () => {
    const { meta, server, remote, replica } = await setup()
    const work = await offlineWork(replica)
    remote.plan(() => ({ kind: 'drop-request' }))
    await replica.sync()
    upgrade(meta)
    remote.plan(() => undefined)
    await replica.sync()
    const byName = new Map((await replica.errors.list()).map((e) => [e.name, e.id]))
    await replica.errors.retry(byName.get(String(work['withWebsite']!['name']))!)
    await replica.errors.discard(byName.get(String(work['badVisits']!['name']))!)
    await replica.errors.retry(byName.get(String(work['fractional']!['name']))!)
    const summary = await replica.sync()
    // retried as they now are: the invoice's row with qty 0 where 1.5 was (the log kept the 1.5)
    expect(summary).toMatchObject({ pushed: 2, rejected: 0 })
    expect(replica.status).toMatchObject({ errors: 1, pending: 1 })
    const nova = [...server.table('Customer').values()].find((d) => d['customer_name'] === 'Nova')!
    expect(nova).toMatchObject({ visits: 3, remarks_text: 'met at fair' })
    expect(nova).not.toHaveProperty('website')
    await expect(replica.db.getDoc('Customer', String(work['badVisits']!['name']))).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('shows in a dry run what a meta check would change, and keeps nothing of it', async () => {
    const { meta, replica } = await setup()
    await offlineWork(replica)
    upgrade(meta)
    const before = JSON.stringify(await replica.db.getDocList('Customer', { fields: ['*'], limit: 0 }))
    const dry = await replica.migrations.dryRun({ meta: true })
    expect(dry.meta).toMatchObject({ dryRun: true, errors: expect.arrayContaining([expect.any(String)]) })
    expect(dry.meta!.errors).toHaveLength(4)
    expect(dry.meta!.documents).toBeGreaterThan(0)
    expect(JSON.stringify(await replica.db.getDocList('Customer', { fields: ['*'], limit: 0 }))).toBe(before)
    expect(await replica.errors.list()).toEqual([])
    expect((await replica.migrations.status()).meta.find((m) => m.doctype === 'Customer')?.version).toBe(V1)
  })
})

/** A Remote whose pages carry the DocType's current version, as outpostRemote's do. */
function reportingVersions(server: MiniServer, meta: Record<string, unknown[]>): Remote {
  return {
    capabilities: { ...server.capabilities, metaVersions: true },
    getDocTypes: (d) => server.getDocTypes(d),
    push: (m) => server.push(m),
    listNames: (d) => server.listNames(d),
    fetchDocs: (d, n) => server.fetchDocs(d, n),
    async pull(request) {
      const page = await server.pull(request)
      const version = (meta[request.doctype]?.[0] as Json | undefined)?.['modified']
      return page.kind === 'page' && typeof version === 'string' ? { ...page, metaVersion: version } : page
    },
  }
}

describe('meta migration: noticed while pulling', () => {
  it('migrates before applying a page that reports a new DocType version, and catches child-only changes on the periodic check', async () => {
    const { meta, server, remote, replica, env } = await setup(reportingVersions)
    const opened = remote.log.length
    upgrade(meta)
    server.serverWrite('Customer', 'CUST-4', { customer_name: 'Dune', visits: 7, credit_limit: 50 })
    await replica.sync()
    const fetched = remote.log.slice(opened).filter((l) => l.call.op === 'getDocTypes').map((l) => (l.call as { doctype: string }).doctype)
    expect(fetched).toEqual(['Customer'])
    expect(await replica.db.getDoc('Customer', 'CUST-4')).toMatchObject({ visits: 7, credit_limit: 50 })
    expect(await replica.db.getDoc('Customer', 'CUST-3')).toMatchObject({ credit_limit: 1000 })
    // the item table changed too, but its parent's version did not: the periodic check finds it
    expect(((await replica.db.getDoc('Sales Invoice', 'SINV-3'))['items'] as Doc[])[0]).toHaveProperty('uom')
    env.advance(11 * 60_000)
    await replica.sync()
    expect(((await replica.db.getDoc('Sales Invoice', 'SINV-3'))['items'] as Doc[])[0]).not.toHaveProperty('uom')
    expect((await replica.migrations.status()).metaMigrations).toHaveLength(2)
  })
})
