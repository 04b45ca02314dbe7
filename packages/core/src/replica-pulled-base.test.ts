import { describe, expect, it } from 'vitest'
import { createReplica } from './create-replica.ts'
import { faultRemote } from './testing/fault-remote.ts'
import { memoryStore } from './testing/memory-store.ts'
import { MiniServer } from './testing/mini-server.ts'
import { SALES_META, testEnvironment } from './testing/sales-meta.ts'

/** A replica holding one synced customer, its pushes failing with a 503 until healed. */
async function setup() {
  const mini = new MiniServer({ meta: SALES_META, series: { Customer: 'CUST-' } })
  mini.serverWrite('Customer', 'CUST-1', { doctype: 'Customer', customer_name: 'Acme', territory: 'North', docstatus: 0 })
  const remote = faultRemote(mini)
  const replica = await createReplica({ store: memoryStore(), remote, doctypes: ['Customer'], env: testEnvironment() })
  await replica.boot()
  let failing = true
  remote.plan((call) => (failing && (call.op === 'push' || call.op === 'pushBatch') ? { kind: 'server-error', status: 503 } : undefined))
  return { mini, replica, heal: () => void (failing = false) }
}

describe('replica: a pull between a local change and its push', () => {
  it('decides an overlapping edit against the version the change was made on: a conflict, never a silent overwrite', async () => {
    const { mini, replica, heal } = await setup()
    mini.serverWrite('Customer', 'CUST-1', { customer_name: 'Server Name' })
    await replica.db.updateDoc('Customer', 'CUST-1', { customer_name: 'Local Name' })
    // the push fails for now; the pull brings the other user's edit
    expect(await replica.sync()).toMatchObject({ pushed: 0, pulled: 1 })
    expect((await replica.db.getDoc('Customer', 'CUST-1'))['customer_name']).toBe('Server Name')
    const [conflict] = await replica.conflicts.list()
    expect(conflict?.fields).toEqual([expect.objectContaining({ field: 'customer_name', base: 'Acme', local: 'Local Name', server: 'Server Name' })])
    heal()
    await replica.sync()
    expect(mini.table('Customer').get('CUST-1')?.['customer_name']).toBe('Server Name')
    expect(replica.status).toMatchObject({ pending: 0, conflicts: 1 })
    // the user picks their value: it goes on the next sync
    await replica.conflicts.resolve(conflict!.id, 'local')
    await replica.sync()
    expect(mini.table('Customer').get('CUST-1')?.['customer_name']).toBe('Local Name')
  })

  it('merges disjoint edits and pushes only the local one, on the pulled version', async () => {
    const { mini, replica, heal } = await setup()
    mini.serverWrite('Customer', 'CUST-1', { territory: 'South' })
    await replica.db.updateDoc('Customer', 'CUST-1', { customer_name: 'Local Name' })
    await replica.sync()
    expect(await replica.db.getDoc('Customer', 'CUST-1')).toMatchObject({ customer_name: 'Local Name', territory: 'South' })
    heal()
    expect(await replica.sync()).toMatchObject({ pushed: 1, conflicts: 0, rejected: 0 })
    expect(mini.table('Customer').get('CUST-1')).toMatchObject({ customer_name: 'Local Name', territory: 'South' })
    expect(replica.status).toMatchObject({ pending: 0, conflicts: 0 })
  })

  it('drops a queued edit the server already holds', async () => {
    const { mini, replica, heal } = await setup()
    mini.serverWrite('Customer', 'CUST-1', { customer_name: 'Same Name' })
    await replica.db.updateDoc('Customer', 'CUST-1', { customer_name: 'Same Name' })
    await replica.sync()
    expect(replica.status).toMatchObject({ pending: 0, conflicts: 0 })
    heal()
    expect(await replica.sync()).toMatchObject({ pushed: 0, conflicts: 0 })
  })
})
