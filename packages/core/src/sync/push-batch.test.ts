import { describe, expect, it } from 'vitest'
import { Schema, type Doc } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { Emitter } from '../events.ts'
import { createLocal, submitLocal, updateLocal } from '../local/local-writes.ts'
import { listErrors } from '../logs/error-log.ts'
import { retryError } from '../logs/log-actions.ts'
import { listOutbox } from '../outbox/outbox-store.ts'
import type { OutgoingMutation, Remote } from '../ports/remote.ts'
import type { ReplicaEvents } from '../replica-events.ts'
import { faultRemote, type FaultRemote } from '../testing/fault-remote.ts'
import { memoryStore } from '../testing/memory-store.ts'
import { miniOutpost } from '../testing/mini-outpost.ts'
import { MiniServer } from '../testing/mini-server.ts'
import { invoiceTotals, SALES_META, testEnvironment } from '../testing/sales-meta.ts'
import { loadSchema } from './meta-loader.ts'
import { pushBatches } from './push-batch.ts'
import type { PushSummary } from './push-settle.ts'

const DOCTYPES = ['Customer', 'Sales Invoice', 'Payment Entry', 'UOM']
const TEMP = /new-(customer|sales-invoice)-/

function server(): MiniServer {
  return new MiniServer({
    meta: SALES_META,
    series: { Customer: 'CUST-', 'Sales Invoice': 'SINV-', 'Payment Entry': 'PAY-' },
    links: { 'Sales Invoice': { customer: 'Customer' } },
    validate: (doctype, doc) => (doctype === 'Sales Invoice' && ((doc['items'] as Doc[] | undefined) ?? []).some((r) => Number(r['qty']) <= 0) ? 'Quantity must be greater than zero' : undefined),
  })
}

/**
 * Answers travel: each batch is applied when it reaches the server, and its answer comes back
 * a macrotask later, so the engine can send the next batch meanwhile. Counts requests whose
 * answer has not come back yet; `onSend` runs as a request leaves.
 */
function travelling(inner: Remote, onSend?: (n: number) => Promise<void>): Remote & { maxOutstanding: number } {
  let outstanding = 0
  let sent = 0
  const remote = {
    ...inner,
    maxOutstanding: 0,
    async pushBatch(ms: readonly OutgoingMutation[]) {
      outstanding++
      remote.maxOutstanding = Math.max(remote.maxOutstanding, outstanding)
      await onSend?.(++sent)
      const outcome = await inner.pushBatch!(ms)
      await new Promise((r) => setTimeout(r, 0))
      outstanding--
      return outcome
    },
  }
  return remote
}

interface Setup { ctx: ReplicaContext; mini: MiniServer; faults: FaultRemote; wire: ReturnType<typeof travelling> }

async function open(onSend?: (n: number, ctx: ReplicaContext) => Promise<void>): Promise<Setup> {
  const mini = server()
  const faults = faultRemote(miniOutpost(mini))
  const holder: { ctx?: ReplicaContext } = {}
  const wire = travelling(faults, onSend && ((n) => onSend(n, holder.ctx!)))
  const store = memoryStore()
  const ctx: ReplicaContext = {
    store, remote: wire, env: testEnvironment(), events: new Emitter<ReplicaEvents>(), hooks: { 'Sales Invoice': invoiceTotals }, policies: {}, user: 'Administrator', schema: new Schema(),
  }
  holder.ctx = ctx
  ctx.schema = (await loadSchema(store, wire, DOCTYPES)).schema
  await store.open(ctx.schema)
  return { ctx, mini, faults, wire }
}

const summary = (): PushSummary => ({ pushed: 0, rejected: 0, conflicts: 0, offline: false, authRequired: false, retryLater: false })
const invoice = (customer: unknown, qty = 2): Doc => ({ customer, posting_date: '2026-11-20', items: [{ item: 'Widget', qty, rate: 10 }] })
const customer = async (ctx: ReplicaContext, n: string): Promise<string> => String((await createLocal(ctx, 'Customer', { customer_name: n }))['name'])
const newInvoice = async (ctx: ReplicaContext, c: string, qty = 2): Promise<string> => String((await createLocal(ctx, 'Sales Invoice', invoice(c, qty)))['name'])

/** Which local names each request carried (by their position in the creation order). */
function batches(faults: FaultRemote, names: readonly string[]): string[][] {
  return faults.log.flatMap((l) => (l.call.op === 'pushBatch' ? [l.call.mutations.map((m) => `${m.kind === 'insert' ? '' : `${m.kind} `}${names.indexOf(m.name) >= 0 ? `#${names.indexOf(m.name)}` : m.name}`)] : []))
}

/** One server document per client id, nothing queued, no temp name anywhere, local = server. */
async function expectConverged({ ctx, mini }: Setup): Promise<void> {
  expect(await ctx.store.read((tx) => listOutbox(tx))).toEqual([])
  for (const doctype of ['Customer', 'Sales Invoice']) {
    const ids = [...mini.table(doctype).values()].map((d) => d['outpost_id'])
    expect(new Set(ids).size, doctype).toBe(ids.length)
    const local = await ctx.store.read((tx) => tx.queryDocs(doctype))
    expect(local.map((d) => `${String(d['name'])}@${String(d['modified'])}`).sort(), doctype).toEqual([...mini.table(doctype).values()].map((d) => `${String(d['name'])}@${String(d['modified'])}`).sort())
    expect(JSON.stringify(local)).not.toMatch(TEMP)
  }
}

describe('pipelined batch push', () => {
  it('sends the next batch before the previous answer is settled, never with what waits for a batch in flight', async () => {
    const setup = await open()
    const { ctx } = setup
    const c1 = await customer(ctx, 'One')
    const names = [c1, await newInvoice(ctx, c1), await newInvoice(ctx, c1)]
    const c2 = await customer(ctx, 'Two')
    names.push(c2, await newInvoice(ctx, c2), await newInvoice(ctx, c2))
    const s = summary()
    expect(await pushBatches(ctx, s, undefined, { maxBatch: 2, depth: 2 })).toEqual({ oneByOne: false })
    expect(s).toMatchObject({ pushed: 6, rejected: 0, offline: false })
    expect(setup.wire.maxOutstanding).toBe(2)
    // #2 waits for #0 (in flight in the first batch), #5 for #3: each goes once its customer's batch is settled.
    expect(batches(setup.faults, names)).toEqual([['#0', '#1'], ['#3', '#4'], ['#2'], ['#5']])
    const third = setup.faults.log.filter((l) => l.call.op === 'pushBatch')[2]!
    expect(third.call.op === 'pushBatch' && third.call.mutations[0]!.doc!['customer']).toBe('CUST-00001')
    expect(third.call.op === 'pushBatch' && third.call.mutations.every((m) => !m.maybeApplied)).toBe(true)
    await expectConverged(setup)
  })

  it('loses and duplicates nothing when an answer in the middle of the pipeline is lost', async () => {
    for (const fault of [{ kind: 'drop-response' } as const, { kind: 'cut-batch', applied: 1 } as const, { kind: 'drop-request' } as const]) {
      const setup = await open()
      const { ctx } = setup
      const names: string[] = []
      for (let i = 0; i < 3; i++) {
        const c = await customer(ctx, `C${i}`)
        names.push(c, await newInvoice(ctx, c))
      }
      let calls = 0
      setup.faults.plan((call) => (call.op === 'pushBatch' && calls++ === 1 ? fault : undefined))
      const first = summary()
      await pushBatches(ctx, first, undefined, { maxBatch: 2, depth: 2 })
      expect(first, fault.kind).toMatchObject({ offline: true })
      // The batch whose answer was lost stays marked sent; those travelling beside it were settled.
      const queued = await ctx.store.read((tx) => listOutbox(tx))
      expect(queued.map((m) => [names.indexOf(m.name), m.inflight]), fault.kind).toEqual([[2, true], [3, true]])
      expect(first.pushed, fault.kind).toBe(4)
      setup.faults.plan(() => undefined)
      const again = summary()
      await pushBatches(ctx, again, undefined, { maxBatch: 2, depth: 2 })
      expect(again, fault.kind).toMatchObject({ offline: false, rejected: 0, pushed: 6 - first.pushed })
      const resent = setup.faults.log.filter((l) => l.call.op === 'pushBatch' && l.call.mutations.some((m) => m.maybeApplied))
      expect(resent.length, fault.kind).toBeGreaterThan(0)
      await expectConverged(setup)
    }
  })

  it('settles a refusal in batch N while batch N+1 travels: its dependents are held, the rest goes on', async () => {
    const setup = await open()
    const { ctx } = setup
    const c1 = await customer(ctx, 'One')
    const bad = await newInvoice(ctx, c1, 0)
    await submitLocal(ctx, 'Sales Invoice', bad)
    const c2 = await customer(ctx, 'Two')
    const names = [c1, bad, c2, await newInvoice(ctx, c2)]
    const s = summary()
    await pushBatches(ctx, s, undefined, { maxBatch: 3, depth: 2 })
    expect(s).toMatchObject({ pushed: 3, rejected: 1, offline: false })
    expect(batches(setup.faults, names)).toEqual([['#0', '#1', 'submit #1'], ['#2', '#3']])
    expect(await ctx.store.read((tx) => listErrors(tx))).toMatchObject([{ doctype: 'Sales Invoice', kind: 'insert', message: 'Quantity must be greater than zero' }])
    const queued = await ctx.store.read((tx) => listOutbox(tx))
    expect(queued.map((m) => [m.kind, m.rejected])).toEqual([['insert', true], ['submit', false]])
    // Held behind the refusal: a second push sends nothing.
    const calls = setup.faults.log.length
    await pushBatches(ctx, summary(), undefined, { maxBatch: 3, depth: 2 })
    expect(setup.faults.log.length).toBe(calls)
    // Fixed and retried, the insert and its submit go.
    await updateLocal(ctx, 'Sales Invoice', bad, { items: [{ item: 'Widget', qty: 1, rate: 10 }] })
    for (const e of await ctx.store.read((tx) => listErrors(tx))) await retryError(ctx, e.id)
    const last = summary()
    await pushBatches(ctx, last, undefined, { maxBatch: 3, depth: 2 })
    expect(last).toMatchObject({ pushed: 2, rejected: 0 })
    expect([...setup.mini.table('Sales Invoice').values()].filter((d) => d['docstatus'] === 1)).toMatchObject([{ customer: 'CUST-00001', grand_total: 10 }])
    await expectConverged(setup)
  })

  it('backs off a batch answered 503 while the one beside it is accepted, and sends nothing more', async () => {
    const setup = await open()
    const { ctx } = setup
    const names: string[] = []
    for (let i = 0; i < 4; i++) names.push(await customer(ctx, `C${i}`))
    let calls = 0
    setup.faults.plan((call) => (call.op === 'pushBatch' && calls++ === 0 ? { kind: 'server-error', status: 503 } : undefined))
    const s = summary()
    await pushBatches(ctx, s, undefined, { maxBatch: 1, depth: 2 })
    expect(s).toMatchObject({ pushed: 1, retryLater: true, offline: false })
    expect(batches(setup.faults, names)).toEqual([['#0'], ['#1']])
    const queued = await ctx.store.read((tx) => listOutbox(tx))
    expect(queued.map((m) => [names.indexOf(m.name), m.notBefore > 0])).toEqual([[0, true], [2, false], [3, false]])
  })

  it('sends what is saved meanwhile, and an edit folded into a queued insert, without losing either', async () => {
    const setup = await open(async (n, ctx) => {
      if (n !== 1) return
      // While the first batch travels: an edit of a queued insert not sent yet, and a new document.
      const [, , unsent] = (await ctx.store.read((tx) => listOutbox(tx)))
      await updateLocal(ctx, 'Customer', unsent!.name, { territory: 'Edited meanwhile' })
      await customer(ctx, 'Saved meanwhile')
    })
    const { ctx } = setup
    for (let i = 0; i < 3; i++) await customer(ctx, `C${i}`)
    const s = summary()
    await pushBatches(ctx, s, undefined, { maxBatch: 1, depth: 2 })
    expect(s).toMatchObject({ pushed: 4, rejected: 0 })
    const server = [...setup.mini.table('Customer').values()]
    expect(server.find((d) => d['customer_name'] === 'C2')).toMatchObject({ territory: 'Edited meanwhile' })
    expect(server.map((d) => d['customer_name']).sort()).toEqual(['C0', 'C1', 'C2', 'Saved meanwhile'])
    await expectConverged(setup)
  })
})
