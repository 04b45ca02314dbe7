import { describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { createReplica } from './create-replica.ts'
import type { LocalStore } from './ports/local-store.ts'
import type { BatchPushOutcome, OutgoingMutation, Remote } from './ports/remote.ts'
import type { Mutation } from './outbox/mutation.ts'
import type { Replica } from './replica.ts'
import { faultRemote, type FaultRemote } from './testing/fault-remote.ts'
import { memoryStore } from './testing/memory-store.ts'
import { miniOutpost } from './testing/mini-outpost.ts'
import { MiniServer } from './testing/mini-server.ts'
import { invoiceTotals, SALES_META, testEnvironment } from './testing/sales-meta.ts'

const DOCTYPES = ['Customer', 'Sales Invoice', 'Payment Entry', 'UOM']
const TEMP = /new-(customer|sales-invoice|payment-entry)-/

function server(): MiniServer {
  return new MiniServer({
    meta: SALES_META,
    series: { Customer: 'CUST-', 'Sales Invoice': 'SINV-', 'Payment Entry': 'PAY-' },
    links: { 'Sales Invoice': { customer: 'Customer' }, 'Payment Entry': { party: 'Customer' } },
    validate: (doctype, doc, s) => {
      if (doctype === 'Sales Invoice' && ((doc['items'] as Doc[] | undefined) ?? []).some((r) => Number(r['qty']) <= 0)) return 'Quantity must be greater than zero'
      for (const r of doctype === 'Payment Entry' ? ((doc['references'] as Doc[] | undefined) ?? []) : []) {
        if (s.table('Sales Invoice').get(String(r['reference_name']))?.['docstatus'] !== 1) return `Sales Invoice ${String(r['reference_name'])} must be submitted`
      }
      return undefined
    },
  })
}

interface Setup { replica: Replica; mini: MiniServer; remote: FaultRemote; env: ReturnType<typeof testEnvironment>; store: LocalStore }

async function open(mini = server(), wrap: (r: Remote) => Remote = (r) => r): Promise<Setup> {
  const remote = faultRemote(wrap(miniOutpost(mini)))
  const env = testEnvironment()
  const store = memoryStore()
  const replica = await createReplica({ store, remote, doctypes: DOCTYPES, env, hooks: { 'Sales Invoice': invoiceTotals } })
  return { replica, mini, remote, env, store }
}

const invoice = (customer: unknown, qty = 2): Doc => ({ customer, posting_date: '2026-11-20', items: [{ item: 'Widget', qty, rate: 10 }] })

/** Offline work: customer → invoice for it → its submit → a payment naming both (four mutations). */
async function offlineChain(replica: Replica, qty = 2): Promise<{ customer: Doc; inv: Doc; payment: Doc }> {
  const customer = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
  const inv = await replica.db.createDoc('Sales Invoice', invoice(customer['name'], qty))
  await replica.db.submitDoc('Sales Invoice', String(inv['name']))
  const payment = await replica.db.createDoc('Payment Entry', { party_type: 'Customer', party: customer['name'], paid_amount: 20, references: [{ reference_doctype: 'Sales Invoice', reference_name: inv['name'], allocated_amount: 20 }] })
  return { customer, inv, payment }
}

async function localJson(replica: Replica): Promise<string> {
  const out: Doc[] = []
  for (const d of DOCTYPES) out.push(...(await replica.db.getDocList(d, { fields: ['*'], limit: 0 })))
  return JSON.stringify(out)
}

/** One server document per client id, none with a temp name left anywhere; local names = server names. */
async function expectConverged({ replica, mini }: Pick<Setup, 'replica' | 'mini'>): Promise<void> {
  expect(replica.status).toMatchObject({ pending: 0, errors: 0 })
  for (const doctype of ['Customer', 'Sales Invoice', 'Payment Entry']) {
    const ids = [...mini.table(doctype).values()].map((d) => d['outpost_id'])
    expect(new Set(ids).size, doctype).toBe(ids.length)
    const local = (await replica.db.getDocList(doctype, { fields: ['name', 'modified'], limit: 0 })).map((d) => `${String(d['name'])}@${String(d['modified'])}`).sort()
    expect(local, doctype).toEqual([...mini.table(doctype).values()].map((d) => `${String(d['name'])}@${String(d['modified'])}`).sort())
  }
  expect(JSON.stringify([...mini.docs.values()].flatMap((t) => [...t.values()]))).not.toMatch(TEMP)
  expect(await localJson(replica)).not.toMatch(TEMP)
}

const batchCalls = (remote: FaultRemote): (readonly OutgoingMutation[])[] => remote.log.flatMap((l) => (l.call.op === 'pushBatch' ? [l.call.mutations] : []))

describe('batch push', () => {
  it('sends a causal chain in one request: the server translates the temp names inside the batch', async () => {
    const setup = await open()
    const renames: string[] = []
    setup.replica.on('rename', (e) => renames.push(`${e.from}->${e.to}`))
    await offlineChain(setup.replica)
    expect(await setup.replica.sync()).toMatchObject({ pushed: 4, rejected: 0, offline: false })
    expect(batchCalls(setup.remote).map((b) => b.map((m) => `${m.kind} ${m.doctype}`))).toEqual([['insert Customer', 'insert Sales Invoice', 'submit Sales Invoice', 'insert Payment Entry']])
    expect(setup.remote.log.filter((l) => l.call.op === 'push')).toHaveLength(0)
    expect(renames).toHaveLength(3)
    expect(renames).toEqual([expect.stringMatching(/^new-customer-.*->CUST-00001$/), expect.stringMatching(/^new-sales-invoice-.*->SINV-00001$/), expect.stringMatching(/^new-payment-entry-.*->PAY-00001$/)])
    const pay = setup.mini.table('Payment Entry').get('PAY-00001')!
    expect(pay['party']).toBe('CUST-00001')
    expect((pay['references'] as Doc[])[0]!['reference_name']).toBe('SINV-00001')
    expect(setup.mini.table('Sales Invoice').get('SINV-00001')).toMatchObject({ customer: 'CUST-00001', docstatus: 1 })
    await expectConverged(setup)
  })

  it('loses and duplicates nothing when the answer is lost at any point of a batch', async () => {
    for (let applied = 0; applied <= 4; applied++) {
      const setup = await open()
      await offlineChain(setup.replica)
      setup.remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'cut-batch', applied } : undefined))
      expect(await setup.replica.sync(), `applied=${applied}`).toMatchObject({ offline: true, pushed: 0 })
      expect(setup.mini.table('Customer').size).toBe(applied > 0 ? 1 : 0)
      expect(setup.replica.status.pending).toBe(4)
      setup.remote.plan(() => undefined)
      expect(await setup.replica.sync(), `applied=${applied}`).toMatchObject({ offline: false, pushed: 4, rejected: 0, conflicts: 0 })
      // The retry is the same batch, every mutation flagged as perhaps applied.
      const [first, again] = batchCalls(setup.remote)
      expect(again?.map((m) => m.id)).toEqual(first?.map((m) => m.id))
      expect(again?.every((m) => m.maybeApplied)).toBe(true)
      await expectConverged(setup)
    }
  })

  it('loses nothing when the whole answer of an applied batch is lost, twice', async () => {
    const setup = await open()
    await offlineChain(setup.replica)
    setup.remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'drop-response' } : undefined))
    expect((await setup.replica.sync()).offline).toBe(true)
    expect((await setup.replica.sync()).offline).toBe(true)
    setup.remote.plan(() => undefined)
    expect(await setup.replica.sync()).toMatchObject({ pushed: 4, offline: false })
    await expectConverged(setup)
  })

  it('backs off on 5xx and 429 for the whole batch, pauses on 401, and loses nothing', async () => {
    const setup = await open()
    await offlineChain(setup.replica)
    setup.remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'rate-limit', retryAfterMs: 30_000 } : undefined))
    expect(await setup.replica.sync()).toMatchObject({ pushed: 0, offline: false })
    setup.remote.plan(() => undefined)
    const before = batchCalls(setup.remote).length
    expect((await setup.replica.sync()).pushed).toBe(0)
    expect(batchCalls(setup.remote)).toHaveLength(before)
    setup.env.advance(31_000)
    setup.remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'server-error', status: 503 } : undefined))
    expect((await setup.replica.sync()).pushed).toBe(0)
    setup.env.advance(10 * 60_000)
    setup.remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'unauthorized' } : undefined))
    expect(await setup.replica.sync()).toMatchObject({ authRequired: true, pushed: 0 })
    expect(setup.replica.status).toMatchObject({ authRequired: true, pending: 4 })
    setup.remote.plan(() => undefined)
    expect((await setup.replica.sync()).pushed).toBe(4)
    await expectConverged(setup)
  })

  it('logs a refusal, and its dependents in the batch are skipped and held, then go after a fix', async () => {
    const setup = await open()
    const { inv } = await offlineChain(setup.replica, 0)
    expect(await setup.replica.sync()).toMatchObject({ pushed: 1, rejected: 1 })
    const errors = await setup.replica.errors.list()
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ doctype: 'Sales Invoice', kind: 'insert', message: 'Quantity must be greater than zero' })
    expect(setup.mini.table('Payment Entry').size).toBe(0)
    expect(setup.replica.status).toMatchObject({ pending: 3, errors: 1 })
    // What stays queued names the customer accepted earlier in the same batch by its server name.
    const queued = await setup.store.read((tx) => tx.listRecords<Mutation>('outbox'))
    expect(queued.map((r) => r.value.kind)).toEqual(['insert', 'submit', 'insert'])
    expect(queued[0]?.value).toMatchObject({ rejected: true, inflight: false, doc: { customer: 'CUST-00001' } })
    expect(JSON.stringify(queued.map((r) => r.value.doc))).not.toMatch(/new-customer-/)
    // Held, not retried on its own.
    const calls = batchCalls(setup.remote).length
    expect(await setup.replica.sync()).toMatchObject({ pushed: 0, rejected: 0 })
    expect(batchCalls(setup.remote)).toHaveLength(calls)
    await setup.replica.db.updateDoc('Sales Invoice', String(inv['name']), { items: [{ item: 'Widget', qty: 2, rate: 10 }] })
    await setup.replica.errors.retry(errors[0]!.id)
    expect(await setup.replica.sync()).toMatchObject({ pushed: 3, rejected: 0 })
    expect(setup.mini.table('Sales Invoice').get('SINV-00001')).toMatchObject({ docstatus: 1, grand_total: 20 })
    await expectConverged(setup)
  })

  it('settles a conflict inside a batch by the policy while the rest is accepted', async () => {
    const setup = await open()
    await setup.replica.db.createDoc('Customer', { customer_name: 'Acme' })
    await setup.replica.sync()
    setup.mini.serverWrite('Customer', 'CUST-00001', { customer_name: 'Server Name' })
    await setup.replica.db.updateDoc('Customer', 'CUST-00001', { customer_name: 'Local Name', notes: 'kept' })
    await setup.replica.db.createDoc('Customer', { customer_name: 'Other' })
    expect(await setup.replica.sync()).toMatchObject({ conflicts: 1, pushed: 2 })
    expect(setup.mini.table('Customer').get('CUST-00001')).toMatchObject({ customer_name: 'Server Name', notes: 'kept' })
    expect((await setup.replica.conflicts.list())[0]?.fields[0]).toMatchObject({ field: 'customer_name', local: 'Local Name', server: 'Server Name' })
    await expectConverged(setup)
  })

  it('keeps a change made on a base for the next batch when an earlier change of its document is in this one', async () => {
    const setup = await open()
    await setup.replica.db.createDoc('Customer', { customer_name: 'Acme' })
    await setup.replica.sync()
    await setup.replica.db.updateDoc('Customer', 'CUST-00001', { notes: 'first' })
    setup.remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'drop-response' } : undefined))
    await setup.replica.sync()
    setup.remote.plan(() => undefined)
    // In flight, so this edit cannot fold into it: a second update on the same base.
    await setup.replica.db.updateDoc('Customer', 'CUST-00001', { customer_name: 'Acme Ltd' })
    expect(await setup.replica.sync()).toMatchObject({ pushed: 2, conflicts: 0 })
    expect(batchCalls(setup.remote).slice(-2).map((b) => b.map((m) => m.kind))).toEqual([['update'], ['update']])
    expect(setup.mini.table('Customer').get('CUST-00001')).toMatchObject({ notes: 'first', customer_name: 'Acme Ltd' })
    await expectConverged(setup)
  })

  it('pushes one by one when the server refuses a batch as a whole', async () => {
    const tooLarge = (inner: Remote): Remote => ({
      ...inner,
      capabilities: inner.capabilities,
      push: (m) => inner.push(m),
      pushBatch: async (ms): Promise<BatchPushOutcome> => (ms.length > 1
        ? { kind: 'rejected', error: { excType: 'RequestEntityTooLarge', httpStatus: 413, message: 'Too large', messages: [] } }
        : inner.pushBatch!(ms)),
    })
    const setup = await open(server(), tooLarge)
    await offlineChain(setup.replica)
    expect(await setup.replica.sync()).toMatchObject({ pushed: 4, rejected: 0 })
    expect(setup.remote.log.filter((l) => l.call.op === 'push')).toHaveLength(4)
    await expectConverged(setup)
  })
})
