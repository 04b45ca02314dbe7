import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createReplica, isTempName } from '@outpost/core'
import { demoClientHooks } from '@outpost/demo'
import { sqliteStore } from '@outpost/store-sqlite'
import { REMOTES, remoteFor } from './replica-helpers.ts'
import { ADMIN_TOKEN, api, startDemoServer } from './server-process.ts'

const dir = mkdtempSync(join(tmpdir(), 'outpost-offline-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type Doc = Record<string, unknown>

describe.each(REMOTES)('offline scenario against the reference server process (%s remote)', (kind) => {
  it('creates a customer, an invoice, submits it and pays it offline; one sync names and links them all', async () => {
    const serverDb = join(dir, `${kind}-server.db`)
    let server = await startDemoServer(serverDb)
    const port = server.port
    const replica = await createReplica({
      store: sqliteStore({ path: join(dir, `${kind}-replica.db`) }),
      remote: remoteFor(kind, server.url, { token: ADMIN_TOKEN }),
      doctypes: ['Customer', 'Sales Invoice', 'Payment Entry'],
      hooks: demoClientHooks,
    })
    const booted = await replica.boot()
    expect(booted.offline).toBe(false)
    const item = (await replica.db.getDocList('Item', { fields: ['name'], filters: { disabled: 0 }, limit: 1 }))[0]!['name']
    await server.stop()

    const customer = await replica.db.createDoc('Customer', { customer_name: 'Offline Traders', customer_type: 'Company', territory: 'North', customer_group: 'Commercial' })
    expect(isTempName(customer['name'])).toBe(true)
    const invoice = await replica.db.createDoc('Sales Invoice', {
      customer: customer['name'], company: 'Outpost Demo', posting_date: '2026-11-20', set_posting_time: 1,
      items: [{ item_code: item, qty: 2, rate: 10 }],
    })
    // the demo's client hook computes totals offline, as the server will
    expect(invoice).toMatchObject({ total: 20, grand_total: 20, outstanding_amount: 20 })
    await replica.db.submitDoc('Sales Invoice', String(invoice['name']))
    await replica.db.createDoc('Payment Entry', {
      payment_type: 'Receive', company: 'Outpost Demo', posting_date: '2026-11-21', party_type: 'Customer', party: customer['name'],
      paid_amount: 20, received_amount: 20,
      references: [{ reference_doctype: 'Sales Invoice', reference_name: invoice['name'], allocated_amount: 20 }],
    })
    const offline = await replica.sync()
    expect(offline.offline).toBe(true)
    expect(replica.status.pending).toBe(4)

    server = await startDemoServer(serverDb, port)
    const summary = await replica.sync()
    expect(summary).toMatchObject({ pushed: 4, rejected: 0, offline: false })
    const customers = (await api(server.url, `/api/resource/Customer?filters=${encodeURIComponent(JSON.stringify({ customer_name: 'Offline Traders' }))}`))['data'] as Doc[]
    expect(customers).toHaveLength(1)
    const customerName = String(customers[0]!['name'])
    expect(customerName).toMatch(/^CUST-\d{4}-\d{5}$/)
    const payments = (await api(server.url, `/api/resource/Payment Entry?fields=${encodeURIComponent('["name"]')}&filters=${encodeURIComponent(JSON.stringify({ party: customerName }))}`))['data'] as Doc[]
    expect(payments).toHaveLength(1)
    const payment = (await api(server.url, `/api/resource/Payment Entry/${encodeURIComponent(String(payments[0]!['name']))}`))['data'] as Doc
    const ref = (payment['references'] as Doc[])[0]!
    expect(String(ref['reference_name'])).toMatch(/^ACC-SINV-\d{4}-\d{5}$/)
    const inv = (await api(server.url, `/api/resource/Sales Invoice/${encodeURIComponent(String(ref['reference_name']))}`))['data'] as Doc
    expect(inv).toMatchObject({ customer: customerName, docstatus: 1, posting_date: '2026-11-20' })
    for (const d of ['Customer', 'Sales Invoice', 'Payment Entry']) {
      const local = await replica.db.getDocList(d, { fields: ['*'], limit: 0 })
      expect(JSON.stringify(local)).not.toMatch(/new-(customer|sales-invoice|payment-entry)-/)
    }
    expect(replica.status.pending).toBe(0)
    await replica.close()
    await server.stop()
  }, 120_000)
})
