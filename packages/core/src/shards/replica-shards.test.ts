import { describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { createReplica } from '../create-replica.ts'
import { OutpostError } from '../errors.ts'
import type { Remote } from '../ports/remote.ts'
import type { Replica } from '../replica.ts'
import { faultRemote, type FaultRemote } from '../testing/fault-remote.ts'
import { memoryStore } from '../testing/memory-store.ts'
import { miniOutpost } from '../testing/mini-outpost.ts'
import { MiniServer } from '../testing/mini-server.ts'
import { invoiceTotals, SALES_META, testEnvironment } from '../testing/sales-meta.ts'
import type { ShardRoute } from './shard-types.ts'

const DOCTYPES = ['Customer', 'Sales Invoice']

/** SALES_META with a `company` on Customer and Sales Invoice: what the shards are split by. */
const META: Record<string, readonly unknown[]> = (() => {
  const withCompany = (raw: unknown): unknown => {
    const d = raw as { name: string; fields: unknown[] }
    return d.name === 'Customer' || d.name === 'Sales Invoice' ? { ...d, fields: [...d.fields, { fieldname: 'company', fieldtype: 'Data', label: 'Company' }] } : d
  }
  return Object.fromEntries(Object.entries(SALES_META).map(([k, list]) => [k, list.map(withCompany)]))
})()

/** Company A's documents live on north, B's on south; a customer of no company on both (north its home). */
const route: ShardRoute = (_doctype, doc) => (doc['company'] === 'A' ? ['north'] : doc['company'] === 'B' ? ['south'] : ['north', 'south'])

function server(invoiceSeries: string, refuse?: (doc: Doc) => string | undefined): MiniServer {
  return new MiniServer({
    meta: META,
    series: { Customer: 'CUST-', 'Sales Invoice': invoiceSeries },
    links: { 'Sales Invoice': { customer: 'Customer' } },
    validate: (doctype, doc) => (doctype === 'Customer' ? refuse?.(doc) : undefined),
  })
}

interface Setup {
  readonly replica: Replica
  readonly north: MiniServer
  readonly south: MiniServer
  readonly northRemote: FaultRemote
  readonly southRemote: FaultRemote
}

async function open(options: { south?: MiniServer; plain?: boolean } = {}): Promise<Setup> {
  const north = server('SINV-N-')
  const south = options.south ?? server('SINV-S-')
  const wrap = (s: MiniServer): Remote => (options.plain ? s : miniOutpost(s))
  const northRemote = faultRemote(wrap(north))
  const southRemote = faultRemote(wrap(south))
  const replica = await createReplica({
    store: memoryStore(), env: testEnvironment(), doctypes: DOCTYPES, hooks: { 'Sales Invoice': invoiceTotals },
    shards: { remotes: { north: northRemote, south: southRemote }, route },
  })
  return { replica, north, south, northRemote, southRemote }
}

const invoice = (customer: unknown, company: string): Doc => ({ customer, company, posting_date: '2026-11-20', items: [{ item: 'Widget', qty: 2, rate: 10 }] })
const names = (s: MiniServer, doctype: string): string[] => [...s.table(doctype).keys()].sort()
const down = (r: FaultRemote): void => r.plan(() => ({ kind: 'drop-request' }))
const up = (r: FaultRemote): void => r.plan(() => undefined)

describe.each([
  ['Outpost protocol shards', false],
  ['REST shards (one mutation per request)', true],
])('a replica over two shards: %s', (_label, plain) => {
  it('boots from both shards and keeps each one\'s cursor', async () => {
    const north = server('SINV-N-')
    const south = server('SINV-S-')
    north.serverWrite('Customer', 'CUST-A1', { customer_name: 'Alpha', company: 'A' })
    south.serverWrite('Customer', 'CUST-B1', { customer_name: 'Beta', company: 'B' })
    for (let i = 1; i <= 3; i++) north.serverWrite('Sales Invoice', `SINV-N-${i}`, { ...invoice('CUST-A1', 'A'), docstatus: 0 })
    for (let i = 1; i <= 2; i++) south.serverWrite('Sales Invoice', `SINV-S-${i}`, { ...invoice('CUST-B1', 'B'), docstatus: 0 })
    const replica = await createReplica({
      store: memoryStore(), env: testEnvironment(), doctypes: DOCTYPES,
      shards: { remotes: { north: plain ? north : miniOutpost(north), south: plain ? south : miniOutpost(south) }, route },
      pageSize: 2,
    })
    const summary = await replica.boot()
    expect(summary.offline).toBe(false)
    expect((await replica.db.getDocList('Sales Invoice', { limit: 0 })).map((d) => d['name']).sort()).toEqual(['SINV-N-1', 'SINV-N-2', 'SINV-N-3', 'SINV-S-1', 'SINV-S-2'])
    expect(replica.status.shards?.['north']?.online).toBe(true)
    expect(replica.status.shards?.['south']?.online).toBe(true)
    // Later changes on either shard arrive with the next sync.
    south.serverWrite('Sales Invoice', 'SINV-S-2', { remarks: 'changed on south' })
    north.serverDelete('Sales Invoice', 'SINV-N-1')
    await replica.sync()
    expect((await replica.db.getDoc('Sales Invoice', 'SINV-S-2'))['remarks']).toBe('changed on south')
    await expect(replica.db.getDoc('Sales Invoice', 'SINV-N-1')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('pushes each document to the shards its route names, and only there', async () => {
    const { replica, north, south } = await open({ plain })
    const shared = await replica.db.createDoc('Customer', { customer_name: 'Walk-in' })
    const a = await replica.db.createDoc('Customer', { customer_name: 'Alpha', company: 'A' })
    await replica.db.createDoc('Sales Invoice', invoice(a['name'], 'A'))
    await replica.db.createDoc('Sales Invoice', invoice(shared['name'], 'B'))
    const summary = await replica.sync()
    expect(summary).toMatchObject({ rejected: 0, offline: false })
    expect(replica.status.pending).toBe(0)
    expect(names(north, 'Sales Invoice')).toEqual(['SINV-N-00001'])
    expect(names(south, 'Sales Invoice')).toEqual(['SINV-S-00001'])
    expect(names(north, 'Customer')).toEqual(['CUST-00001', 'CUST-00002'])
    expect(names(south, 'Customer')).toEqual(['CUST-00001'])
    // The shared customer has one name on both shards; the south invoice links to it by that name.
    expect(south.table('Sales Invoice').get('SINV-S-00001')?.['customer']).toBe('CUST-00001')
    expect((await replica.db.getDocList('Sales Invoice', { fields: ['name', 'customer'], limit: 0 })).map((d) => d['name']).sort()).toEqual(['SINV-N-00001', 'SINV-S-00001'])
  })

  it('goes on with the shards that answer while one is down, and catches up when it is back', async () => {
    const { replica, north, south, southRemote } = await open({ plain })
    await replica.boot()
    down(southRemote)
    await replica.db.createDoc('Customer', { customer_name: 'Alpha', company: 'A' })
    const b = await replica.db.createDoc('Customer', { customer_name: 'Beta', company: 'B' })
    await replica.db.createDoc('Sales Invoice', invoice(b['name'], 'B'))
    north.serverWrite('Customer', 'CUST-90', { customer_name: 'Made on north', company: 'A' })
    const offlineSouth = await replica.sync()
    expect(offlineSouth.offline).toBe(false)
    expect(names(north, 'Customer')).toEqual(['CUST-00001', 'CUST-90'])
    expect(names(south, 'Customer')).toEqual([])
    expect((await replica.db.getDoc('Customer', 'CUST-90'))['customer_name']).toBe('Made on north')
    expect(replica.status.pending).toBe(2)
    expect(replica.status.online).toBe(true)
    expect(replica.status.shards?.['south']).toMatchObject({ online: false })
    expect(replica.status.shards?.['north']).toMatchObject({ online: true })
    up(southRemote)
    await replica.sync()
    expect(replica.status.pending).toBe(0)
    expect(names(south, 'Customer')).toEqual(['CUST-00001'])
    expect(names(south, 'Sales Invoice')).toEqual(['SINV-S-00001'])
    expect(south.table('Sales Invoice').get('SINV-S-00001')?.['customer']).toBe('CUST-00001')
    expect(replica.status.shards?.['south']).toMatchObject({ online: true, lastError: undefined })
  })
})

describe('a replica over two shards: checks and refusals', () => {
  it('refuses locally a link to a document that is not on the shard the new one goes to', async () => {
    const { replica } = await open()
    const b = await replica.db.createDoc('Customer', { customer_name: 'Beta', company: 'B' })
    const e = await replica.db.createDoc('Sales Invoice', invoice(b['name'], 'A')).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(OutpostError)
    expect(e).toMatchObject({ code: 'VALIDATION' })
    expect((e as OutpostError).fields[0]).toMatchObject({ fieldname: 'customer' })
    expect((e as OutpostError).message).toContain('is on shard south, but this Sales Invoice goes to north')
    expect(replica.status.pending).toBe(1)
  })

  it('refuses locally a document its route sends nowhere, or to an unknown shard, and a throwing route', async () => {
    const bad: ShardRoute = (_d, doc) => (doc['company'] === 'X' ? [] : doc['company'] === 'Y' ? ['west'] : doc['company'] === 'Z' ? (() => { throw new Error('no rule for Z') })() : ['north'])
    const replica = await createReplica({ store: memoryStore(), env: testEnvironment(), doctypes: DOCTYPES, shards: { remotes: { north: miniOutpost(server('SINV-N-')) }, route: bad } })
    await expect(replica.db.createDoc('Customer', { customer_name: 'x', company: 'X' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('names no shard') })
    await expect(replica.db.createDoc('Customer', { customer_name: 'y', company: 'Y' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('unknown shard "west"') })
    await expect(replica.db.createDoc('Customer', { customer_name: 'z', company: 'Z' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('no rule for Z') })
    expect(replica.status.pending).toBe(0)
  })

  it('takes `remote` or `shards`, not both and not neither', async () => {
    const remote = miniOutpost(server('SINV-N-'))
    const shards = { remotes: { north: remote }, route }
    await expect(createReplica({ store: memoryStore(), doctypes: DOCTYPES, remote, shards } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(createReplica({ store: memoryStore(), doctypes: DOCTYPES } as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(createReplica({ store: memoryStore(), doctypes: DOCTYPES, shards: { remotes: {}, route } })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
  })

  it('a document for two shards refused by a copy: it exists under its home name, and the copy\'s refusal is noted on that shard', async () => {
    const south = server('SINV-S-', (doc) => (doc['customer_name'] === 'Refused on south' ? 'South does not take this customer' : undefined))
    const { replica, north } = await open({ south })
    await replica.db.createDoc('Customer', { customer_name: 'Refused on south' })
    await replica.sync()
    expect(names(north, 'Customer')).toEqual(['CUST-00001'])
    expect(names(south, 'Customer')).toEqual([])
    expect((await replica.db.getDocList('Customer', { limit: 0 })).map((d) => d['name'])).toEqual(['CUST-00001'])
    expect(replica.status.shards?.['south']?.notes).toEqual(['insert of Customer CUST-00001 rejected (South does not take this customer) here; north took it'])
  })

  it('a document for two shards refused at home: the Sync Error Log says what each shard did, and the copy is not taken for it', async () => {
    const north = new MiniServer({ meta: META, series: { Customer: 'CUST-' }, validate: (d, doc) => (d === 'Customer' && doc['customer_name'] === 'Refused on north' ? 'North does not take this customer' : undefined) })
    const south = server('SINV-S-')
    const replica = await createReplica({ store: memoryStore(), env: testEnvironment(), doctypes: DOCTYPES, shards: { remotes: { north: miniOutpost(north), south: miniOutpost(south) }, route } })
    const local = await replica.db.createDoc('Customer', { customer_name: 'Refused on north' })
    await replica.sync()
    const [entry] = await replica.errors.list()
    expect(entry?.message).toContain('Shard north refused Customer')
    expect(entry?.message).toContain('North does not take this customer')
    expect(entry?.messages).toEqual(expect.arrayContaining(['south: accepted']))
    // south's copy came back in the pull, yet the local document still waits for its home shard
    expect(names(south, 'Customer')).toEqual(['CUST-00001'])
    expect((await replica.db.getDocList('Customer', { limit: 0 })).map((d) => d['name'])).toEqual([local['name']])
    expect(replica.status).toMatchObject({ errors: 1, pending: 1 })
  })

  it('updates a document on two shards: the home shard decides conflicts, the copy keeps up', async () => {
    const { replica, north, south } = await open()
    const c = await replica.db.createDoc('Customer', { customer_name: 'Shared' })
    await replica.sync()
    const name = String((await replica.db.getDocList('Customer', { limit: 1 }))[0]?.['name'])
    expect(name).toBe('CUST-00001')
    expect(c['name']).not.toBe(name)
    for (let i = 1; i <= 3; i++) {
      await replica.db.updateDoc('Customer', name, { notes: `edit ${i}` })
      const s = await replica.sync()
      expect(s).toMatchObject({ rejected: 0, conflicts: 0 })
    }
    expect(north.table('Customer').get(name)?.['notes']).toBe('edit 3')
    expect(south.table('Customer').get(name)?.['notes']).toBe('edit 3')
    expect(replica.status).toMatchObject({ pending: 0, conflicts: 0, errors: 0 })
  })

  it('keeps one shard\'s document when another shard has a different one of the same name, and says so', async () => {
    const north = server('SINV-N-')
    const south = server('SINV-S-')
    north.serverWrite('Customer', 'CUST-A1', { customer_name: 'Alpha', company: 'A' })
    south.serverWrite('Customer', 'CUST-B1', { customer_name: 'Beta', company: 'B' })
    north.serverWrite('Sales Invoice', 'SINV-1', { ...invoice('CUST-A1', 'A'), docstatus: 0 })
    south.serverWrite('Sales Invoice', 'SINV-1', { ...invoice('CUST-B1', 'B'), docstatus: 0 })
    const replica = await createReplica({ store: memoryStore(), env: testEnvironment(), doctypes: DOCTYPES, shards: { remotes: { north: miniOutpost(north), south: miniOutpost(south) }, route } })
    await replica.boot()
    expect((await replica.db.getDoc('Sales Invoice', 'SINV-1'))['company']).toBe('A')
    expect(replica.status.shards?.['south']?.notes).toEqual(['Sales Invoice SINV-1 here has the name of a document of shard north; kept that one (give the shards distinct naming series)'])
    // a later change to south's document does not overwrite north's either
    south.serverWrite('Sales Invoice', 'SINV-1', { remarks: 'south edit' })
    await replica.sync()
    const kept = await replica.db.getDoc('Sales Invoice', 'SINV-1')
    expect(kept['company']).toBe('A')
    expect(kept['remarks']).not.toBe('south edit')
  })

  it('notes on the shard\'s status when a copy got another name than at home', async () => {
    const { replica } = await open({ south: new MiniServer({ meta: META, series: { Customer: 'CUST-S' } }) })
    await replica.db.createDoc('Customer', { customer_name: 'Shared' })
    await replica.sync()
    expect((await replica.db.getDocList('Customer', { limit: 0 })).map((d) => d['name'])).toEqual(['CUST-00001'])
    expect(replica.status.shards?.['south']?.notes).toEqual(['Customer CUST-00001 (named on north) is CUST-S00001 here'])
  })
})
