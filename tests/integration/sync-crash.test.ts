import { copyFileSync, existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Remote, Replica } from '@outpost/core'
import { faultRemote, type Fault, type RemoteCall } from '@outpost/core/testing'
import { startDemoSite, type DemoServer } from './demo-server.ts'
import {
  REMOTES, TEMP_NAME_PATTERN, adminRemote, invoiceInput, localDump, openReplica, paymentInput, scratchDir, serverByOutpostId, someItem,
  type Doc, type RemoteKind,
} from './replica-helpers.ts'

const files = scratchDir('outpost-crash-')
let server: DemoServer
/** Booted replica files (one per Remote: cursors are the Remote's), copied for every run so each crash starts from the same local state. */
const templates = new Map<RemoteKind, string>()

beforeAll(async () => {
  server = await startDemoSite()
  // Customers for the runs to edit, one each: the copied file's base of it is then still current.
  for (let i = 0; i < 80; i++) {
    await server.admin.insert('Customer', { customer_name: `Crash Base ${String(i).padStart(2, '0')}`, customer_type: 'Company', territory: 'North', customer_group: 'Commercial' })
  }
  for (const kind of REMOTES) {
    const template = files.path(`template-${kind}.db`)
    const replica = await openReplica(template, adminRemote(server, kind))
    await replica.boot()
    await replica.close()
    templates.set(kind, template)
  }
})
afterAll(async () => {
  await server?.close()
  files.cleanup()
})

function copyOf(kind: RemoteKind, label: string): string {
  const template = templates.get(kind)!
  const file = files.path(`${kind}-${label}.db`)
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

function describeCall(c: RemoteCall): string {
  switch (c.op) {
    case 'push': return `push ${c.mutation.kind} ${c.mutation.doctype}`
    case 'pushBatch': return `pushBatch ${c.mutations.map((m) => `${m.kind} ${m.doctype}`).join(', ')}`
    case 'pull': return `pull ${c.request.doctype}`
    default: return `${c.op} ${c.doctype}`
  }
}

const isPush = (c: string): boolean => c.startsWith('push')
/** Mutations a list of described calls carried. */
const mutationsIn = (calls: readonly string[]): number => calls.filter(isPush).reduce((n, c) => n + c.split(', ').length, 0)

/** The calls a full, fault-free sync of the offline work makes (on a throwaway copy). */
async function countCalls(kind: RemoteKind): Promise<string[]> {
  const remote = faultRemote(adminRemote(server, kind))
  const replica = await openReplica(copyOf(kind, 'count'), remote)
  const work = await workOffline(replica, `${kind}-count`)
  expect(await replica.sync()).toMatchObject({ pushed: 5, rejected: 0, offline: false })
  await assertConverged(replica, work, `${kind}-count`)
  await replica.close()
  return remote.log.map((l) => describeCall(l.call))
}

describe.each(REMOTES)('a push that dies at any step loses and duplicates nothing (%s remote)', (kind) => {
  let calls: string[] = []

  it('counts the remote calls of one full sync', async () => {
    calls = await countCalls(kind)
    expect(mutationsIn(calls)).toBe(5)
    // The Outpost protocol takes the whole causal chain in one request.
    expect(calls.filter(isPush)).toHaveLength(kind === 'outpost' ? 1 : 5)
  }, 120_000)

  it('a lost response after the server committed is not re-inserted on retry', async () => {
    const remote = faultRemote(adminRemote(server, kind))
    remote.plan((call) => ((call.op === 'push' && call.mutation.kind === 'insert') || call.op === 'pushBatch' ? { kind: 'drop-response' } : undefined))
    const replica = await openReplica(copyOf(kind, 'lost'), remote)
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
      const last = calls.filter(isPush).length + 2
      for (let k = 0; k <= last; k++) {
        const tag = `${kind}-${fault}-${k}`
        const file = copyOf(kind, tag)
        const dying = faultRemote(adminRemote(server, kind))
        dying.plan((_c: RemoteCall, n: number): Fault | undefined => (n < k ? undefined : n === k ? { kind: fault } : { kind: 'drop-request' }))
        let replica = await openReplica(file, dying)
        const work = await workOffline(replica, tag)
        expect((await replica.sync()).offline, `k=${k}`).toBe(true)
        await replica.close()
        replica = await openReplica(file, adminRemote(server, kind))
        const clean = await replica.sync()
        expect(clean, `k=${k} (${calls[k] ?? 'after the last call'})`).toMatchObject({ offline: false, rejected: 0, conflicts: 0 })
        await assertConverged(replica, work, tag)
        await replica.close()
      }
    }, 120_000)
  }

  it.runIf(kind === 'outpost')('the connection dies after the server applied the first j mutations of the batch: every j converges', async () => {
    for (let applied = 0; applied <= 5; applied++) {
      const tag = `${kind}-cut-${applied}`
      const file = copyOf(kind, tag)
      const dying = faultRemote(adminRemote(server, kind))
      dying.plan((c: RemoteCall): Fault | undefined => (c.op === 'pushBatch' ? { kind: 'cut-batch', applied } : { kind: 'drop-request' }))
      let replica = await openReplica(file, dying)
      const work = await workOffline(replica, tag)
      expect((await replica.sync()).offline).toBe(true)
      await replica.close()
      replica = await openReplica(file, adminRemote(server, kind))
      expect(await replica.sync(), `applied=${applied}`).toMatchObject({ offline: false, rejected: 0, conflicts: 0 })
      await assertConverged(replica, work, tag)
      await replica.close()
    }
  }, 120_000)
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
  const pushBatch = inner.pushBatch?.bind(inner)
  return {
    capabilities: inner.capabilities,
    getDocTypes: (d) => gate(() => inner.getDocTypes(d)),
    push: (m) => gate(() => inner.push(m)),
    ...(pushBatch ? { pushBatch: (ms: Parameters<typeof pushBatch>[0]) => gate(() => pushBatch(ms)) } : {}),
    pull: (r) => gate(() => inner.pull(r)),
    listNames: (d) => gate(() => inner.listNames(d)),
    fetchDocs: (d, names) => gate(() => inner.fetchDocs(d, names)),
  }
}

describe.each(REMOTES)('a process killed mid-request (the in-flight mark stays in the file) (%s remote)', (kind) => {
  for (const forward of [true, false]) {
    it(`${forward ? 'after' : 'before'} the server got call k, a new process on the same file converges`, async () => {
      // Every push request of the offline work: five one by one, or one batch.
      const pushes = kind === 'outpost' ? 1 : 5
      for (let k = 0; k < pushes; k++) {
        const tag = `${kind}-hang-${String(forward)}-${k}`
        const file = copyOf(kind, tag)
        const dead = await openReplica(file, hangingRemote(adminRemote(server, kind), k, forward))
        const work = await workOffline(dead, tag)
        void dead.sync()
        await new Promise((r) => setTimeout(r, 150))
        // The dead process is never closed: a new store and remote open the same file.
        const replica = await openReplica(file, adminRemote(server, kind))
        expect(await replica.sync(), `k=${k}`).toMatchObject({ offline: false, rejected: 0, conflicts: 0 })
        await assertConverged(replica, work, tag)
        await replica.close()
      }
    }, 120_000)
  }
})
