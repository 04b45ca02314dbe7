import { describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { createReplica } from './create-replica.ts'
import { OutpostError } from './errors.ts'
import { isTempName } from './ids.ts'
import type { Replica } from './replica.ts'
import { faultRemote } from './testing/fault-remote.ts'
import { memoryStore } from './testing/memory-store.ts'
import { MiniServer } from './testing/mini-server.ts'
import { invoiceTotals, SALES_META, testEnvironment } from './testing/sales-meta.ts'
import type { LocalStore } from './ports/local-store.ts'

const DOCTYPES = ['Customer', 'Sales Invoice', 'Payment Entry', 'UOM']

function server(): MiniServer {
  return new MiniServer({
    meta: SALES_META,
    series: { Customer: 'CUST-2026-', 'Sales Invoice': 'SINV-2026-', 'Payment Entry': 'PAY-2026-' },
    links: { 'Sales Invoice': { customer: 'Customer' }, 'Payment Entry': { party: 'Customer' } },
    validate: (doctype, doc, s) => {
      if (doctype === 'Sales Invoice' && ((doc['items'] as Doc[] | undefined) ?? []).some((r) => Number(r['qty']) <= 0)) return 'Row #1: Quantity must be greater than zero'
      if (doctype === 'Payment Entry') {
        for (const r of (doc['references'] as Doc[] | undefined) ?? []) {
          const inv = s.table('Sales Invoice').get(String(r['reference_name']))
          if (!inv || inv['docstatus'] !== 1) return `Sales Invoice ${String(r['reference_name'])} must be submitted`
        }
      }
      return undefined
    },
  })
}

async function open(remote = server(), store: LocalStore = memoryStore()): Promise<{ replica: Replica; remote: MiniServer; store: LocalStore }> {
  const replica = await createReplica({ store, remote, doctypes: DOCTYPES, env: testEnvironment(), hooks: { 'Sales Invoice': invoiceTotals }, user: 'me@example.com' })
  return { replica, remote, store }
}

const invoice = (customer: string, qty = 2): Doc => ({ customer, posting_date: '2026-11-20', items: [{ item: 'Widget', qty, rate: 10 }] })

async function allLocalNames(replica: Replica): Promise<string[]> {
  const out: string[] = []
  for (const d of DOCTYPES) for (const doc of await replica.db.getDocList(d, { fields: ['*'], limit: 0 })) out.push(JSON.stringify(doc))
  return out
}

describe('replica: offline writes', () => {
  it('creates offline with a temp name, or the final name when meta can compute it', async () => {
    const { replica } = await open()
    const customer = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    expect(isTempName(customer['name'])).toBe(true)
    expect(customer['outpost_id']).toBeTruthy()
    const uom = await replica.db.createDoc('UOM', { uom_name: 'Box' })
    expect(uom['name']).toBe('Box')
    expect(replica.status.pending).toBe(2)
    expect((await replica.db.getDoc('Customer', String(customer['name'])))['customer_name']).toBe('Acme')
  })

  it('refuses an invalid document locally with the messages a form shows', async () => {
    const { replica } = await open()
    const err = await replica.db.createDoc('Sales Invoice', { items: [] }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OutpostError)
    expect((err as OutpostError).code).toBe('VALIDATION')
    expect((err as OutpostError).fields.map((f) => f.message).join(' ')).toContain('customer')
    const badLink = await replica.db.createDoc('Sales Invoice', invoice('No Such Customer')).catch((e: unknown) => e)
    expect((err as OutpostError).code).toBe('VALIDATION')
    expect(String((badLink as OutpostError).message)).toContain('Could not find')
  })

  it('computes derived fields offline with the client hook', async () => {
    const { replica } = await open()
    const c = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    const inv = await replica.db.createDoc('Sales Invoice', invoice(String(c['name']), 3))
    expect(inv['grand_total']).toBe(30)
  })

  it('queues nothing for a save that changes nothing', async () => {
    const { replica } = await open()
    const c = await replica.db.createDoc('UOM', { uom_name: 'Kg' })
    await replica.sync()
    await replica.db.updateDoc('UOM', String(c['name']), { uom_name: 'Kg' })
    expect(replica.status.pending).toBe(0)
  })

  it('remembers when it last reached the server across a reopen', async () => {
    const store = memoryStore()
    const remote = server()
    const first = await createReplica({ store, remote, doctypes: DOCTYPES, env: testEnvironment() })
    await first.sync()
    const at = first.status.lastSync
    expect(at).toBeTypeOf('number')
    const second = await createReplica({ store, remote, doctypes: DOCTYPES, env: testEnvironment() })
    expect(second.status.lastSync).toBe(at)
  })

  it('sends nothing for a document created and deleted offline', async () => {
    const { replica, remote } = await open()
    const c = await replica.db.createDoc('Customer', { customer_name: 'Temp' })
    await replica.db.updateDoc('Customer', String(c['name']), { territory: 'North' })
    await replica.db.deleteDoc('Customer', String(c['name']))
    const summary = await replica.sync()
    expect(summary.pushed).toBe(0)
    expect(remote.table('Customer').size).toBe(0)
  })
})

describe('replica: sync', () => {
  it('pushes in causal order, renames temp names everywhere, and leaves no temp name', async () => {
    const { replica, remote } = await open()
    const renames: string[] = []
    replica.on('rename', (e) => renames.push(`${e.from}->${e.to}`))
    const c = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    const inv = await replica.db.createDoc('Sales Invoice', invoice(String(c['name'])))
    await replica.db.submitDoc('Sales Invoice', String(inv['name']))
    await replica.db.createDoc('Payment Entry', { party_type: 'Customer', party: c['name'], paid_amount: 20, references: [{ reference_doctype: 'Sales Invoice', reference_name: inv['name'], allocated_amount: 20 }] })
    const summary = await replica.sync()
    expect(summary).toMatchObject({ pushed: 4, rejected: 0, offline: false })
    expect(renames).toHaveLength(3)
    const pay = [...remote.table('Payment Entry').values()][0]!
    expect(pay['party']).toBe('CUST-2026-00001')
    expect((pay['references'] as Doc[])[0]!['reference_name']).toBe('SINV-2026-00001')
    expect(remote.table('Sales Invoice').get('SINV-2026-00001')?.['docstatus']).toBe(1)
    expect((await allLocalNames(replica)).filter((j) => /new-(customer|sales-invoice|payment-entry)-/.test(j))).toEqual([])
    expect(replica.status.pending).toBe(0)
  })

  it('logs a refusal, holds its dependents, and a fix plus retry goes through', async () => {
    const { replica, remote } = await open()
    const c = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    const inv = await replica.db.createDoc('Sales Invoice', invoice(String(c['name']), 0))
    await replica.db.submitDoc('Sales Invoice', String(inv['name']))
    await replica.db.createDoc('Payment Entry', { party_type: 'Customer', party: c['name'], paid_amount: 5, references: [{ reference_doctype: 'Sales Invoice', reference_name: inv['name'] }] })
    const first = await replica.sync()
    expect(first).toMatchObject({ pushed: 1, rejected: 1 })
    const [error] = await replica.errors.list()
    expect(error).toMatchObject({ doctype: 'Sales Invoice', kind: 'insert', excType: 'ValidationError', message: 'Row #1: Quantity must be greater than zero' })
    expect(remote.table('Payment Entry').size).toBe(0)
    expect(replica.status).toMatchObject({ pending: 3, errors: 1 })
    const again = await replica.sync()
    expect(again).toMatchObject({ pushed: 0, rejected: 0 })
    await replica.db.updateDoc('Sales Invoice', String(inv['name']), { items: [{ item: 'Widget', qty: 2, rate: 10 }] })
    await replica.errors.retry(error!.id)
    const fixed = await replica.sync()
    expect(fixed).toMatchObject({ pushed: 3, rejected: 0 })
    expect(remote.table('Sales Invoice').get('SINV-2026-00001')).toMatchObject({ docstatus: 1, grand_total: 20 })
    expect(remote.table('Payment Entry').size).toBe(1)
    expect(replica.status).toMatchObject({ pending: 0, errors: 0 })
  })

  it('discards a refused insert: the document created offline goes away', async () => {
    const { replica } = await open()
    const c = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    const inv = await replica.db.createDoc('Sales Invoice', invoice(String(c['name']), 0))
    await replica.sync()
    const [error] = await replica.errors.list()
    await replica.errors.discard(error!.id)
    await expect(replica.db.getDoc('Sales Invoice', String(inv['name']))).rejects.toMatchObject({ code: 'NOT_FOUND' })
    expect(replica.status).toMatchObject({ pending: 0, errors: 0 })
  })

  it('does not duplicate an insert whose response was lost', async () => {
    const mini = server()
    const remote = faultRemote(mini)
    const store = memoryStore()
    const replica = await createReplica({ store, remote, doctypes: DOCTYPES, env: testEnvironment() })
    await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    remote.plan((call) => (call.op === 'push' ? { kind: 'drop-response' } : undefined))
    expect((await replica.sync()).offline).toBe(true)
    expect(mini.table('Customer').size).toBe(1)
    remote.plan(() => undefined)
    const second = await replica.sync()
    expect(second.offline).toBe(false)
    expect(mini.table('Customer').size).toBe(1)
    expect((await replica.db.getDocList('Customer')).map((d) => d['name'])).toEqual(['CUST-2026-00001'])
  })

  it('backs off on 5xx and 429, pauses on 401, and loses nothing', async () => {
    const mini = server()
    const remote = faultRemote(mini)
    const env = testEnvironment()
    const replica = await createReplica({ store: memoryStore(), remote, doctypes: DOCTYPES, env })
    await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    remote.plan((call) => (call.op === 'push' ? { kind: 'rate-limit', retryAfterMs: 30_000 } : undefined))
    expect(await replica.sync()).toMatchObject({ pushed: 0, offline: false })
    remote.plan(() => undefined)
    expect((await replica.sync()).pushed).toBe(0)
    env.advance(31_000)
    remote.plan((call) => (call.op === 'push' ? { kind: 'unauthorized' } : undefined))
    expect(await replica.sync()).toMatchObject({ authRequired: true, pushed: 0 })
    expect(replica.status).toMatchObject({ authRequired: true, pending: 1 })
    remote.plan(() => undefined)
    expect((await replica.sync()).pushed).toBe(1)
    expect(mini.table('Customer').size).toBe(1)
  })

  it('pulls server changes and deletions', async () => {
    const { replica, remote } = await open()
    remote.serverWrite('Customer', 'CUST-2026-00050', { customer_name: 'Pulled', doctype: 'Customer' })
    expect((await replica.sync()).pulled).toBe(1)
    expect((await replica.db.getDoc('Customer', 'CUST-2026-00050'))['customer_name']).toBe('Pulled')
    remote.table('Customer').delete('CUST-2026-00050')
    remote.deleted.push({ doctype: 'Customer', name: 'CUST-2026-00050', at: 0 })
    await replica.sync()
    await expect(replica.db.getDoc('Customer', 'CUST-2026-00050')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('fetches, at reconciliation, a document the cursor missed', async () => {
    const remote = server()
    const replica = await createReplica({ store: memoryStore(), remote, doctypes: DOCTYPES, env: testEnvironment(), reconcileEveryMs: 0 })
    remote.serverWrite('Customer', 'CUST-2026-00001', { customer_name: 'Seen', doctype: 'Customer' })
    await replica.sync()
    // committed late, stamped before the cursor: a modified-cursor pull cannot see it
    remote.table('Customer').set('CUST-2026-00002', { name: 'CUST-2026-00002', doctype: 'Customer', customer_name: 'Late', modified: '2000-01-01 00:00:00.000000' })
    await replica.sync()
    expect((await replica.db.getDoc('Customer', 'CUST-2026-00002'))['customer_name']).toBe('Late')
  })

  it('merges disjoint edits and records an overlapping one as a conflict', async () => {
    const { replica, remote } = await open()
    const c = await replica.db.createDoc('Customer', { customer_name: 'Acme', territory: 'North' })
    await replica.sync()
    const name = String((await replica.db.getDocList('Customer'))[0]!['name'])
    expect(name).not.toBe(c['name'])
    remote.serverWrite('Customer', name, { territory: 'South' })
    await replica.db.updateDoc('Customer', name, { notes: 'local note' })
    const merged = await replica.sync()
    expect(merged.conflicts).toBe(0)
    expect(remote.table('Customer').get(name)).toMatchObject({ territory: 'South', notes: 'local note' })
    remote.serverWrite('Customer', name, { customer_name: 'Server Name' })
    await replica.db.updateDoc('Customer', name, { customer_name: 'Local Name' })
    const clash = await replica.sync()
    expect(clash.conflicts).toBe(1)
    expect((await replica.db.getDoc('Customer', name))['customer_name']).toBe('Server Name')
    const [conflict] = await replica.conflicts.list()
    expect(conflict?.fields[0]).toMatchObject({ field: 'customer_name', local: 'Local Name', server: 'Server Name' })
    await replica.conflicts.resolve(conflict!.id, 'local')
    await replica.sync()
    expect(remote.table('Customer').get(name)?.['customer_name']).toBe('Local Name')
    expect(await replica.conflicts.list()).toEqual([])
  })
})

describe('replica: logout', () => {
  it('refuses while changes made here have not reached the server, and keeps them', async () => {
    const { replica, remote } = await open()
    await replica.db.createDoc('Customer', { customer_name: 'Unsent Co' })
    await expect(replica.logout()).rejects.toMatchObject({ code: 'PENDING_CHANGES', message: expect.stringContaining('1 change made here has not reached the server') })
    expect(replica.status.pending).toBe(1)
    expect(await replica.sync()).toMatchObject({ pushed: 1 })
    await replica.logout()
    expect(remote.table('Customer').size).toBe(1)
  })

  it('drops unsent changes only when told to', async () => {
    const { replica, remote } = await open()
    await replica.db.createDoc('Customer', { customer_name: 'Dropped Co' })
    await replica.logout({ discardPending: true })
    expect(remote.table('Customer').size).toBe(0)
  })
})

describe('replica: base versions', () => {
  const bases = (store: LocalStore): Promise<number> => store.read((tx) => tx.countRecords('base'))

  it('keeps a base only while a document has queued changes', async () => {
    const { replica, store } = await open()
    const customer = await replica.db.createDoc('Customer', { customer_name: 'Base Co' })
    await replica.sync()
    const name = String((await replica.db.getDocList('Customer', { fields: ['name'], filters: { customer_name: 'Base Co' } }))[0]!['name'])
    expect(isTempName(name)).toBe(false)
    expect(customer['name']).not.toBe(name)
    // pulled and pushed documents are their server version: no second copy
    expect(await bases(store)).toBe(0)
    const pulled = await replica.db.getDoc('Customer', name)
    await replica.db.updateDoc('Customer', name, { customer_name: 'Base Co Ltd' })
    // the version the change was made on, with its `modified` sent as the update's base
    expect(await store.read((tx) => tx.listRecords('base'))).toEqual([{ key: expect.any(String), value: pulled }])
    const summary = await replica.sync()
    expect(summary.pushed).toBe(1)
    expect(await bases(store)).toBe(0)
    expect((await replica.db.getDoc('Customer', name))['customer_name']).toBe('Base Co Ltd')
  })
})
