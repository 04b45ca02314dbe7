import { describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import type { ConflictPolicy } from './conflicts/policy.ts'
import { createReplica } from './create-replica.ts'
import type { Replica } from './replica.ts'
import { memoryStore } from './testing/memory-store.ts'
import { MiniServer } from './testing/mini-server.ts'
import { invoiceTotals, SALES_META, testEnvironment } from './testing/sales-meta.ts'

const SI = 'Sales Invoice'

/** A synced draft invoice: the replica, the server and the invoice's server name. */
async function syncedDraft(policy?: ConflictPolicy): Promise<{ replica: Replica; remote: MiniServer; name: string }> {
  const remote = new MiniServer({ meta: SALES_META, series: { Customer: 'CUST-', [SI]: 'SINV-' }, links: { [SI]: { customer: 'Customer' } } })
  remote.serverWrite('Customer', 'CUST-1', { doctype: 'Customer', customer_name: 'Acme' })
  const replica = await createReplica({
    store: memoryStore(), remote, doctypes: ['Customer', SI], env: testEnvironment(), hooks: { [SI]: invoiceTotals },
    ...(policy ? { policies: { [SI]: policy } } : {}),
  })
  await replica.boot()
  await replica.db.createDoc(SI, { customer: 'CUST-1', posting_date: '2026-11-20', items: [{ item: 'Widget', qty: 2, rate: 10 }] })
  expect(await replica.sync()).toMatchObject({ pushed: 1 })
  return { replica, remote, name: [...remote.table(SI).keys()][0]! }
}

const local = async (replica: Replica, name: string): Promise<Doc> => replica.db.getDoc(SI, name)

describe('replica: a submit or cancel made on a version the server changed since', () => {
  it('holds the submit with its reason, nothing lost; a retry submits the merged document', async () => {
    const { replica, remote, name } = await syncedDraft()
    remote.serverWrite(SI, name, { remarks: 'checked by the office' })
    await replica.db.submitDoc(SI, name)
    expect(await replica.sync()).toMatchObject({ pushed: 0, rejected: 1, conflicts: 0 })
    expect(remote.table(SI).get(name)?.['docstatus']).toBe(0)
    // the user still sees what they did, and the server's change
    expect(await local(replica, name)).toMatchObject({ docstatus: 1, remarks: 'checked by the office' })
    expect(replica.status).toMatchObject({ pending: 1, errors: 1 })
    const [error] = await replica.errors.list()
    expect(error).toMatchObject({ kind: 'submit', excType: 'TimestampMismatchError', name })
    expect(error!.message).toContain('was changed on the server after it was submitted here')
    await replica.errors.retry(error!.id)
    expect(await replica.sync()).toMatchObject({ pushed: 1, rejected: 0 })
    expect(remote.table(SI).get(name)).toMatchObject({ docstatus: 1, remarks: 'checked by the office' })
    expect(await local(replica, name)).toMatchObject({ docstatus: 1, modified: remote.table(SI).get(name)?.['modified'] })
    expect(replica.status).toMatchObject({ pending: 0, errors: 0 })
  })

  it('keeps local edits made with the submit, merged with the server’s', async () => {
    const { replica, remote, name } = await syncedDraft()
    remote.serverWrite(SI, name, { remarks: 'checked by the office' })
    // offline: an edit, then the submit; the edit goes first and merges, the submit follows on its version
    await replica.db.updateDoc(SI, name, { posting_date: '2026-11-21' })
    await replica.db.submitDoc(SI, name)
    const summary = await replica.sync()
    expect(summary.rejected + summary.pushed).toBeGreaterThan(0)
    const errors = await replica.errors.list()
    for (const e of errors) await replica.errors.retry(e.id)
    await replica.sync()
    expect(remote.table(SI).get(name)).toMatchObject({ docstatus: 1, remarks: 'checked by the office', posting_date: '2026-11-21' })
    expect(replica.status).toMatchObject({ pending: 0, errors: 0 })
  })

  it('discarding the held submit returns the document to the server’s draft', async () => {
    const { replica, remote, name } = await syncedDraft()
    remote.serverWrite(SI, name, { remarks: 'checked by the office' })
    await replica.db.submitDoc(SI, name)
    await replica.sync()
    const [error] = await replica.errors.list()
    await replica.errors.discard(error!.id)
    expect(await local(replica, name)).toMatchObject({ docstatus: 0, remarks: 'checked by the office' })
    expect(replica.status).toMatchObject({ pending: 0, errors: 0 })
    expect(await replica.sync()).toMatchObject({ pushed: 0, rejected: 0 })
    expect(remote.table(SI).get(name)?.['docstatus']).toBe(0)
  })

  it('holds a cancel the same way; its retry cancels', async () => {
    const { replica, remote, name } = await syncedDraft()
    await replica.db.submitDoc(SI, name)
    await replica.sync()
    remote.serverWrite(SI, name, { remarks: 'paid in cash' })
    await replica.db.cancelDoc(SI, name)
    expect(await replica.sync()).toMatchObject({ rejected: 1 })
    expect(remote.table(SI).get(name)?.['docstatus']).toBe(1)
    const [error] = await replica.errors.list()
    expect(error).toMatchObject({ kind: 'cancel', excType: 'TimestampMismatchError' })
    await replica.errors.retry(error!.id)
    await replica.sync()
    expect(remote.table(SI).get(name)).toMatchObject({ docstatus: 2, remarks: 'paid in cash' })
  })

  it('under client-wins, submits again at once on the server’s version', async () => {
    const { replica, remote, name } = await syncedDraft('client-wins')
    remote.serverWrite(SI, name, { remarks: 'checked by the office' })
    await replica.db.submitDoc(SI, name)
    expect(await replica.sync()).toMatchObject({ pushed: 1, rejected: 0 })
    expect(remote.table(SI).get(name)?.['docstatus']).toBe(1)
    expect(await replica.errors.list()).toEqual([])
  })

  it('has nothing left to do when someone submitted it on the server meanwhile', async () => {
    const { replica, remote, name } = await syncedDraft()
    remote.serverWrite(SI, name, { docstatus: 1 })
    await replica.db.submitDoc(SI, name)
    expect(await replica.sync()).toMatchObject({ rejected: 0 })
    expect(replica.status).toMatchObject({ pending: 0, errors: 0 })
    expect(await local(replica, name)).toMatchObject({ docstatus: 1 })
  })

  it('tells why when the server’s state no longer allows it: cancelled there, submitted here', async () => {
    const { replica, remote, name } = await syncedDraft()
    remote.serverWrite(SI, name, { docstatus: 2 })
    await replica.db.submitDoc(SI, name)
    expect(await replica.sync()).toMatchObject({ rejected: 1 })
    const [error] = await replica.errors.list()
    expect(error!.message).toContain('cannot be submitted: on the server it is now cancelled')
    // queued, the submit still shows here; discarded, the server's state does
    expect(await local(replica, name)).toMatchObject({ docstatus: 1 })
    await replica.errors.discard(error!.id)
    expect(await local(replica, name)).toMatchObject({ docstatus: 2 })
  })
})
