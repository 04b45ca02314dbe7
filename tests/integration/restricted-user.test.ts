import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createReplica, type Replica } from '@outpost/core'
import { addUsers } from '@outpost/server'
import { sqliteStore } from '@outpost/store-sqlite'
import { startDemoSite, type DemoServer, type RestClient } from './demo-server.ts'
import { DOCTYPES, REMOTES, loginRemote, scratchDir, type Doc } from './replica-helpers.ts'

const newCustomer = (customerName: string, territory: string): Doc => ({ customer_name: customerName, customer_type: 'Company', territory, customer_group: 'Commercial' })

/** The demo's sales user, with these territories as User Permissions. */
const salesUser = (territories: readonly string[], roles: readonly string[] = ['Sales User', 'Accounts User']) => ({
  email: 'sales@example.com', fullName: 'Sam Sales', roles: [...roles],
  userPermissions: territories.map((t) => ({ allow: 'Territory', forValue: t })),
})

describe.each(REMOTES)('a replica for a user restricted to Territory North (%s remote)', (kind) => {
  const files = scratchDir(`outpost-restricted-${kind}-`)
  let server: DemoServer
  let sales: RestClient
  let replica: Replica

  beforeAll(async () => {
    server = await startDemoSite()
    sales = await server.login('sales@example.com', 'sales')
    replica = await createReplica({
      store: sqliteStore({ path: files.path('sales.db') }),
      remote: loginRemote(server, { username: 'sales@example.com', password: 'sales' }, kind),
      // Stock REST finds deletions and lost permissions only by listing names: at every sync here.
      // The Outpost change log reports them itself: no periodic listing at all.
      doctypes: [...DOCTYPES], user: 'sales@example.com', ...(kind === 'frappe' ? { reconcileEveryMs: 0 } : {}),
    })
  })
  afterAll(async () => {
    await replica?.close()
    await server?.close()
    files.cleanup()
  })

  /** Local names of a doctype equal what the server lists for the sales user. */
  async function expectSameNames(doctype: string): Promise<string[]> {
    const local = (await replica.db.getDocList(doctype, { fields: ['name'], limit: 0 })).map((d) => String(d['name'])).sort()
    const remote = (await sales.list(doctype)).map((d) => String(d['name'])).sort()
    expect(local, doctype).toEqual(remote)
    return local
  }

  async function territoriesOf(doctype: string): Promise<Set<unknown>> {
    return new Set((await replica.db.getDocList(doctype, { fields: ['name', 'territory'], limit: 0 })).map((r) => r['territory']))
  }

  async function expectOnlyNorth(): Promise<void> {
    for (const doctype of ['Customer', 'Sales Invoice']) {
      const rows = await replica.db.getDocList(doctype, { fields: ['name', 'territory'], limit: 0 })
      expect(rows.length, doctype).toBeGreaterThan(0)
      for (const row of rows) expect(['North', null, undefined, '']).toContain(row['territory'])
    }
  }

  it('boots with exactly what the user may read', async () => {
    const all = Number((await server.admin.call('GET', '/api/method/frappe.client.get_count?doctype=Customer')).body['message'])
    expect((await replica.boot()).offline).toBe(false)
    await expectOnlyNorth()
    const customers = await expectSameNames('Customer')
    expect(customers.length).toBeLessThan(all)
    await expectSameNames('Sales Invoice')
    await expectSameNames('Payment Entry')
    for (const doctype of replica.doctypes) await expectSameNames(doctype)
    expect(replica.doctypes).not.toContain('Deleted Document')
    await expect(replica.db.getDocList('Deleted Document', { limit: 0 })).rejects.toThrow()
  }, 120_000)

  it('never pulls other territories, and drops what is deleted or moved out of reach', async () => {
    const north = await server.admin.insert('Customer', newCustomer('North Newcomer', 'North'))
    const south = await server.admin.insert('Customer', newCustomer('South Stranger', 'South'))
    const leaving = await server.admin.insert('Customer', newCustomer('Soon Moving', 'North'))
    expect(await replica.sync()).toMatchObject({ offline: false })
    await replica.db.getDoc('Customer', String(north['name']))
    await replica.db.getDoc('Customer', String(leaving['name']))
    await expect(replica.db.getDoc('Customer', String(south['name']))).rejects.toThrow(/not found/)

    expect((await server.admin.call('DELETE', `/api/resource/Customer/${encodeURIComponent(String(north['name']))}`)).status).toBe(202)
    await server.admin.update('Customer', String(leaving['name']), { territory: 'South' })
    expect(Number((await server.admin.call('GET', '/api/method/frappe.client.get_count?doctype=Deleted Document')).body['message'])).toBeGreaterThan(0)
    expect((await sales.call('GET', '/api/resource/Deleted Document')).status).toBe(403)
    expect(await replica.sync()).toMatchObject({ offline: false })
    await expect(replica.db.getDoc('Customer', String(north['name']))).rejects.toThrow(/not found/)
    await expect(replica.db.getDoc('Customer', String(leaving['name']))).rejects.toThrow(/not found/)
    await expectOnlyNorth()
    for (const doctype of replica.doctypes) await expectSameNames(doctype)
  }, 120_000)

  it('pushes what the user may write; the server refuses the rest and the refusal is logged', async () => {
    const own = await replica.db.createDoc('Customer', newCustomer('Sales Own Customer', 'North'))
    expect(await replica.sync()).toMatchObject({ pushed: 1, rejected: 0 })
    const [row] = await sales.list('Customer', [['outpost_id', '=', String(own['outpost_id'])]])
    await replica.db.getDoc('Customer', String(row!['name']))
    // A territory the user may not read is not stored locally, so a Link to it is refused offline.
    await expect(replica.db.createDoc('Customer', newCustomer('Sales Foreign Customer', 'South'))).rejects.toThrow(/South/)
    // Sales User may not delete a Customer: the server refuses it (403) and the refusal is logged.
    await replica.db.deleteDoc('Customer', String(row!['name']))
    expect(await replica.sync()).toMatchObject({ rejected: 1, offline: false })
    const [entry] = await replica.errors.list()
    expect(entry).toMatchObject({ name: row!['name'], kind: 'delete', httpStatus: 403 })
    expect(entry!.message.length).toBeGreaterThan(0)
    await server.admin.get('Customer', String(row!['name']))
    await replica.errors.discard(entry!.id)
    expect(await replica.db.getDoc('Customer', String(row!['name']))).toMatchObject({ customer_name: 'Sales Own Customer' })
    expect(replica.status).toMatchObject({ pending: 0, errors: 0 })
  }, 120_000)

  it('drops what a removed User Permission no longer lets the user read, on the next sync', async () => {
    await addUsers(server.site, [salesUser(['North', 'South'])])
    expect(await replica.sync()).toMatchObject({ offline: false, authRequired: false })
    expect(await territoriesOf('Customer')).toContain('South')
    expect(await territoriesOf('Sales Invoice')).toContain('South')
    for (const doctype of replica.doctypes) await expectSameNames(doctype)

    await addUsers(server.site, [salesUser(['North'])])
    const summary = await replica.sync()
    expect(summary).toMatchObject({ offline: false, authRequired: false })
    expect(summary.deleted).toBeGreaterThan(0)
    expect(await territoriesOf('Customer')).not.toContain('South')
    expect(await territoriesOf('Sales Invoice')).not.toContain('South')
    await expectOnlyNorth()
    for (const doctype of replica.doctypes) await expectSameNames(doctype)
  }, 120_000)

  it('drops a whole DocType when a role taken away leaves no read of it, keeps the local change as a conflict, and syncs the rest', async () => {
    const payments = await replica.db.getDocList('Payment Entry', { fields: ['name', 'docstatus'], limit: 0 })
    const draft = payments.find((p) => p['docstatus'] === 0)
    expect(draft).toBeDefined()
    const edited = String(draft!['name'])
    await replica.db.updateDoc('Payment Entry', edited, { remarks: 'changed offline before the role went' })
    // Payment Entry is read by Accounts User only; Sales Invoice is read by All
    await addUsers(server.site, [salesUser(['North'], ['Sales User'])])
    // a DocType synced after Payment Entry: its pull still runs
    expect(replica.doctypes.indexOf('Customer Group')).toBeGreaterThan(replica.doctypes.indexOf('Payment Entry'))
    const group = await server.admin.insert('Customer Group', { customer_group_name: 'After The Role Went', parent_customer_group: 'All Customer Groups', is_group: 0 })

    const summary = await replica.sync()
    expect(summary).toMatchObject({ offline: false, authRequired: false, unreadable: ['Payment Entry'] })
    expect(replica.status.online).toBe(true)
    expect(await replica.db.getDocList('Payment Entry', { limit: 0 })).toEqual([])
    // not silent: the change that could not reach the server is a conflict record
    expect(await replica.conflicts.list()).toEqual([expect.objectContaining({ doctype: 'Payment Entry', name: edited })])
    await replica.db.getDoc('Customer Group', String(group['name']))
    for (const doctype of replica.doctypes.filter((d) => d !== 'Payment Entry')) await expectSameNames(doctype)

    // the next sync does not fail on it either
    expect(await replica.sync()).toMatchObject({ offline: false, unreadable: ['Payment Entry'] })

    // read given back: the DocType boots again
    await addUsers(server.site, [salesUser(['North'])])
    expect(await replica.sync()).toMatchObject({ offline: false, unreadable: [] })
    expect((await expectSameNames('Payment Entry')).length).toBe(payments.length)
  }, 120_000)
})
