import { copyFileSync, existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Remote, Replica } from '@outpost/core'
import { faultRemote, type Fault, type RemoteCall } from '@outpost/core/testing'
import { startDemoSite, type DemoServer } from './demo-server.ts'
import {
  TEMP_NAME_PATTERN, adminRemote, invoiceInput, localDump, openReplica, paymentInput, scratchDir, serverByOutpostId, someItem, type Doc,
} from './replica-helpers.ts'

const files = scratchDir('outpost-crash-')
let server: DemoServer
/** A booted replica file, copied for every run so each crash starts from the same local state. */
let template: string

beforeAll(async () => {
  server = await startDemoSite()
  // Customers for the runs to edit, one each: the copied file's base of it is then still current.
  for (let i = 0; i < 40; i++) {
    await server.admin.insert('Customer', { customer_name: `Crash Base ${String(i).padStart(2, '0')}`, customer_type: 'Company', territory: 'North', customer_group: 'Commercial' })
  }
  template = files.path('template.db')
  const replica = await openReplica(template, adminRemote(server))
  await replica.boot()
  await replica.close()
})
afterAll(async () => {
  await server?.close()
  files.cleanup()
})

function copyOf(label: string): string {
  const file = files.path(`${label}.db`)
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(template + suffix)) copyFileSync(template + suffix, file + suffix)
  return file
}

interface Offline {
  readonly customer: Doc
  readonly invoice: Doc
  readonly payment: Doc
  readonly edited: { name: string; customer_name: string }
}

/** Offline work → five mutations: customer insert (an edit folds into it), invoice insert, its submit, payment insert, an update of an existing customer. */
let runs = 0

async function workOffline(replica: Replica, tag: string): Promise<Offline> {
  const item = await someItem(replica)
  const existing = (await replica.db.getDocList('Customer', { fields: ['name'], filters: { customer_name: ['like', 'Crash Base %'] }, orderBy: { field: 'customer_name', order: 'asc' }, limit: 0 }))[runs++]!
  const customer = await replica.db.createDoc('Customer', { customer_name: `Crash ${tag}`, customer_type: 'Company', territory: 'North', customer_group: 'Commercial' })
  await replica.db.updateDoc('Customer', String(customer['name']), { customer_name: `Crash ${tag} final` })
  const invoice = await replica.db.createDoc('Sales Invoice', invoiceInput(customer['name'], item, 3))
  await replica.db.submitDoc('Sales Invoice', String(invoice['name']))
  const payment = await replica.db.createDoc('Payment Entry', paymentInput(customer['name'], invoice['name'], 5))
  const edited = { name: String(existing['name']), customer_name: `Renamed ${tag}` }
  await replica.db.updateDoc('Customer', edited.name, { customer_name: edited.customer_name })
  return { customer, invoice, payment, edited }
}

async function onlyOne(doctype: string, doc: Doc): Promise<Doc> {
  const rows = await serverByOutpostId(server, doctype, doc['outpost_id'])
  expect(rows, `${doctype} ${String(doc['outpost_id'])} on the server`).toHaveLength(1)
  return server.admin.get(doctype, String(rows[0]!['name']))
}

/** Nothing lost, nothing duplicated, no temp name left, nothing pending; local = server for these documents. */
async function assertConverged(replica: Replica, work: Offline, tag: string): Promise<void> {
  expect(replica.status).toMatchObject({ pending: 0, errors: 0, conflicts: 0 })
  const customer = await onlyOne('Customer', work.customer)
  expect(customer['customer_name']).toBe(`Crash ${tag} final`)
  const invoice = await onlyOne('Sales Invoice', work.invoice)
  expect(invoice).toMatchObject({ customer: customer['name'], docstatus: 1 })
  const payment = await onlyOne('Payment Entry', work.payment)
  expect(payment).toMatchObject({ party: customer['name'], docstatus: 0 })
  expect((payment['references'] as Doc[])[0]!['reference_name']).toBe(invoice['name'])
  expect((await server.admin.get('Customer', work.edited.name))['customer_name']).toBe(work.edited.customer_name)
  for (const [doctype, doc] of [['Customer', customer], ['Sales Invoice', invoice], ['Payment Entry', payment]] as const) {
    expect(await replica.db.getDoc(doctype, String(doc['name']))).toMatchObject({ name: doc['name'], modified: doc['modified'], outpost_id: doc['outpost_id'] })
  }
  expect(await localDump(replica)).not.toMatch(TEMP_NAME_PATTERN)
}

const describeCall = (c: RemoteCall): string => (c.op === 'push' ? `push ${c.mutation.kind} ${c.mutation.doctype}` : `${c.op} ${'doctype' in c ? c.doctype : c.request.doctype}`)

/** The calls a full, fault-free sync of the offline work makes (on a throwaway copy). */
async function countCalls(): Promise<string[]> {
  const remote = faultRemote(adminRemote(server))
  const replica = await openReplica(copyOf('count'), remote)
  const work = await workOffline(replica, 'count')
  expect(await replica.sync()).toMatchObject({ pushed: 5, rejected: 0, offline: false })
  await assertConverged(replica, work, 'count')
  await replica.close()
  return remote.log.map((l) => describeCall(l.call))
}

let calls: string[] = []

describe('a push that dies at any step loses and duplicates nothing', () => {
  it('counts the remote calls of one full sync', async () => {
    calls = await countCalls()
    expect(calls.filter((c) => c.startsWith('push'))).toHaveLength(5)
  }, 120_000)

  it('a lost response after the server committed is not re-inserted on retry', async () => {
    const remote = faultRemote(adminRemote(server))
    remote.plan((call) => (call.op === 'push' && call.mutation.kind === 'insert' ? { kind: 'drop-response' } : undefined))
    const replica = await openReplica(copyOf('lost'), remote)
    const customer = await replica.db.createDoc('Customer', { customer_name: 'Lost Response Ltd', customer_type: 'Company', territory: 'North', customer_group: 'Commercial' })
    expect(await replica.sync()).toMatchObject({ offline: true, pushed: 0 })
    expect(await serverByOutpostId(server, 'Customer', customer['outpost_id'])).toHaveLength(1)
    remote.plan(() => undefined)
    expect(await replica.sync()).toMatchObject({ offline: false, pushed: 1, rejected: 0 })
    const [row] = await serverByOutpostId(server, 'Customer', customer['outpost_id'])
    expect(await serverByOutpostId(server, 'Customer', customer['outpost_id'])).toHaveLength(1)
    const local = await replica.db.getDoc('Customer', String(row!['name']))
    expect(local).toMatchObject({ name: row!['name'], customer_name: 'Lost Response Ltd', modified: row!['modified'] })
    await expect(replica.db.getDoc('Customer', String(customer['name']))).rejects.toThrow(/not found/)
    expect(replica.status.pending).toBe(0)
    await replica.close()
  }, 120_000)

  for (const fault of ['drop-request', 'drop-response'] as const) {
    it(`${fault} at call k, then the process restarts on the same file: every k converges`, async () => {
      // Every push, then the first pull and name listing (a crash later only repeats pulls).
      const last = calls.filter((c) => c.startsWith('push')).length + 2
      for (let k = 0; k <= last; k++) {
        const tag = `${fault}-${k}`
        const file = copyOf(tag)
        const dying = faultRemote(adminRemote(server))
        dying.plan((_c: RemoteCall, n: number): Fault | undefined => (n < k ? undefined : n === k ? { kind: fault } : { kind: 'drop-request' }))
        let replica = await openReplica(file, dying)
        const work = await workOffline(replica, tag)
        expect((await replica.sync()).offline, `k=${k}`).toBe(true)
        await replica.close()
        replica = await openReplica(file, adminRemote(server) as Remote)
        const clean = await replica.sync()
        expect(clean, `k=${k} (${calls[k] ?? 'after the last call'})`).toMatchObject({ offline: false, rejected: 0, conflicts: 0 })
        await assertConverged(replica, work, tag)
        await replica.close()
      }
    }, 120_000)
  }
})

/** A remote whose call k never answers: the process "dies" mid-request, after or before the server got it. */
function hangingRemote(inner: Remote, k: number, forward: boolean): Remote {
  let n = 0
  const gate = <T>(call: () => Promise<T>): Promise<T> => {
    const i = n++
    if (i < k) return call()
    if (i === k && forward) void call()
    return new Promise<T>(() => {})
  }
  return {
    capabilities: inner.capabilities,
    getDocTypes: (d) => gate(() => inner.getDocTypes(d)),
    push: (m) => gate(() => inner.push(m)),
    pull: (r) => gate(() => inner.pull(r)),
    listNames: (d) => gate(() => inner.listNames(d)),
    fetchDocs: (d, names) => gate(() => inner.fetchDocs(d, names)),
  }
}

describe('a process killed mid-request (the in-flight mark stays in the file)', () => {
  for (const forward of [true, false]) {
    it(`${forward ? 'after' : 'before'} the server got call k, a new process on the same file converges`, async () => {
      const pushes = calls.filter((c) => c.startsWith('push')).length
      for (let k = 0; k < pushes; k++) {
        const tag = `hang-${String(forward)}-${k}`
        const file = copyOf(tag)
        const dead = await openReplica(file, hangingRemote(adminRemote(server), k, forward))
        const work = await workOffline(dead, tag)
        void dead.sync()
        await new Promise((r) => setTimeout(r, 150))
        // The dead process is never closed: a new store and remote open the same file.
        const replica = await openReplica(file, adminRemote(server))
        expect(await replica.sync(), `k=${k}`).toMatchObject({ offline: false, rejected: 0, conflicts: 0 })
        await assertConverged(replica, work, tag)
        await replica.close()
      }
    }, 120_000)
  }
})
