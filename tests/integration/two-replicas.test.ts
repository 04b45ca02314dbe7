import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Replica } from '@outpost/core'
import { startDemoSite, type DemoServer } from './demo-server.ts'
import { REMOTES, loginRemote, openReplica, scratchDir, type Doc } from './replica-helpers.ts'

async function customerIn(replica: Replica, name: string): Promise<Doc> {
  return replica.db.getDoc('Customer', name)
}

describe.each(REMOTES)('two replicas of one site, two users (%s remote)', (kind) => {
  const files = scratchDir(`outpost-two-${kind}-`)
  let server: DemoServer
  let admin: Replica
  let accounts: Replica

  beforeAll(async () => {
    server = await startDemoSite()
    admin = await openReplica(files.path('admin.db'), loginRemote(server, { username: 'Administrator', password: 'admin' }, kind))
    accounts = await openReplica(files.path('accounts.db'), loginRemote(server, { username: 'accounts@example.com', password: 'accounts' }, kind), 'accounts@example.com')
    expect((await admin.boot()).offline).toBe(false)
    expect((await accounts.boot()).offline).toBe(false)
  })
  afterAll(async () => {
    await admin?.close()
    await accounts?.close()
    await server?.close()
    files.cleanup()
  })

  async function someCustomer(index: number): Promise<string> {
    const rows = await server.admin.list('Customer', [['disabled', '=', 0]], ['name'])
    return String(rows.map((r) => r['name']).sort()[index])
  }

  it('merges edits of disjoint fields of the same customer', async () => {
    const name = await someCustomer(2)
    await admin.db.updateDoc('Customer', name, { mobile_no: '+91 98000 00001' })
    await accounts.db.updateDoc('Customer', name, { website: 'https://accounts.example.com' })
    expect(await admin.sync()).toMatchObject({ pushed: 1, rejected: 0, conflicts: 0 })
    const second = await accounts.sync()
    expect(second).toMatchObject({ rejected: 0, offline: false })
    await admin.sync()
    const onServer = await server.admin.get('Customer', name)
    expect(onServer).toMatchObject({ mobile_no: '+91 98000 00001', website: 'https://accounts.example.com' })
    for (const r of [admin, accounts]) {
      expect(await customerIn(r, name)).toMatchObject({ mobile_no: '+91 98000 00001', website: 'https://accounts.example.com', modified: onServer['modified'] })
      expect(await r.conflicts.list()).toHaveLength(0)
      expect(r.status).toMatchObject({ pending: 0, errors: 0, conflicts: 0 })
    }
  }, 120_000)

  it('records a conflict on overlapping fields: server wins locally, resolve(local) pushes the local value', async () => {
    const name = await someCustomer(3)
    await admin.db.updateDoc('Customer', name, { customer_details: 'from admin' })
    await accounts.db.updateDoc('Customer', name, { customer_details: 'from accounts' })
    await admin.sync()
    await accounts.sync()
    expect(await admin.conflicts.list()).toHaveLength(0)
    const [conflict, ...more] = await accounts.conflicts.list()
    expect(more).toHaveLength(0)
    expect(conflict).toMatchObject({ doctype: 'Customer', name })
    expect(conflict!.fields).toEqual([expect.objectContaining({ field: 'customer_details', local: 'from accounts', server: 'from admin' })])
    expect(accounts.status.conflicts).toBe(1)
    expect(await customerIn(accounts, name)).toMatchObject({ customer_details: 'from admin' })
    expect((await server.admin.get('Customer', name))['customer_details']).toBe('from admin')

    await accounts.conflicts.resolve(conflict!.id, 'local')
    expect(await accounts.sync()).toMatchObject({ pushed: 1, rejected: 0, conflicts: 0 })
    await admin.sync()
    const onServer = await server.admin.get('Customer', name)
    expect(onServer['customer_details']).toBe('from accounts')
    for (const r of [admin, accounts]) {
      expect(await customerIn(r, name)).toMatchObject({ customer_details: 'from accounts', modified: onServer['modified'] })
      expect(r.status).toMatchObject({ pending: 0, errors: 0, conflicts: 0 })
    }
  }, 120_000)

  it('follows a submitted invoice that a payment changed on the server', async () => {
    const unpaid = await server.admin.list('Sales Invoice', [['docstatus', '=', 1], ['status', '=', 'Unpaid']], ['name', 'customer', 'outstanding_amount', 'modified'])
    const invoice = unpaid[0]!
    const before = await accounts.db.getDoc('Sales Invoice', String(invoice['name']))
    expect(before).toMatchObject({ status: 'Unpaid', modified: invoice['modified'] })
    const payment = await server.admin.insert('Payment Entry', {
      payment_type: 'Receive', company: 'Outpost Demo', posting_date: '2026-11-22', party_type: 'Customer', party: invoice['customer'],
      paid_amount: 1, received_amount: 1, docstatus: 1,
      references: [{ reference_doctype: 'Sales Invoice', reference_name: invoice['name'], allocated_amount: 1 }],
    })
    expect(payment['docstatus']).toBe(1)
    const after = await server.admin.get('Sales Invoice', String(invoice['name']))
    expect(after['modified']).not.toBe(invoice['modified'])
    expect(after['status']).toBe('Partly Paid')
    for (const r of [accounts, admin]) {
      await r.sync()
      expect(await r.db.getDoc('Sales Invoice', String(invoice['name']))).toMatchObject({
        docstatus: 1, status: 'Partly Paid', outstanding_amount: after['outstanding_amount'], modified: after['modified'],
      })
      expect(await r.db.getDoc('Payment Entry', String(payment['name']))).toMatchObject({ docstatus: 1 })
    }
  }, 120_000)
})
