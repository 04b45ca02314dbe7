import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Replica } from '@outpost/core'
import { faultRemote, type FaultRemote } from '@outpost/core/testing'
import { startDemoSite, type DemoServer } from './demo-server.ts'
import { REMOTES, adminRemote, invoiceInput, northCustomer, openReplica, scratchDir, someItem, type Doc } from './replica-helpers.ts'

/**
 * Against the reference server, with both remotes: a lost answer to an update that added a
 * child row, and a submit made on a version another user has changed since.
 */
describe.each(REMOTES)('intents and retries against the server (%s remote)', (kind) => {
  const files = scratchDir(`outpost-intents-${kind}-`)
  let server: DemoServer
  let remote: FaultRemote
  let replica: Replica

  beforeAll(async () => {
    server = await startDemoSite()
    remote = faultRemote(adminRemote(server, kind))
    replica = await openReplica(files.path('replica.db'), remote)
    expect((await replica.boot()).offline).toBe(false)
  })
  afterAll(async () => {
    await replica?.close()
    await server?.close()
    files.cleanup()
  })

  async function syncedInvoice(): Promise<string> {
    const customer = await northCustomer(replica)
    const inv = await replica.db.createDoc('Sales Invoice', invoiceInput(customer['name'], await someItem(replica), 2))
    expect(await replica.sync()).toMatchObject({ rejected: 0, offline: false })
    const [row] = await server.admin.list('Sales Invoice', [['outpost_id', '=', String(inv['outpost_id'])]], ['name'])
    return String(row!['name'])
  }

  it('an added row whose answer was lost is on the server once after the retry', async () => {
    const name = await syncedInvoice()
    const items = (await replica.db.getDoc('Sales Invoice', name))['items'] as Doc[]
    await replica.db.updateDoc('Sales Invoice', name, { items: [...items, { item_code: items[0]!['item_code'], qty: 1, rate: 5 }] })
    remote.plan((call) => (call.op === 'push' || call.op === 'pushBatch' ? { kind: 'drop-response' } : undefined))
    expect((await replica.sync()).offline).toBe(true)
    remote.plan(() => undefined)
    expect(await replica.sync()).toMatchObject({ rejected: 0, conflicts: 0, offline: false })
    const onServer = await server.admin.get('Sales Invoice', name)
    expect((onServer['items'] as Doc[]).map((r) => Number(r['qty']))).toEqual([2, 1])
    expect(onServer['grand_total']).toBe(25)
    expect(((await replica.db.getDoc('Sales Invoice', name))['items'] as Doc[]).map((r) => r['name'])).toEqual((onServer['items'] as Doc[]).map((r) => r['name']))
    expect(replica.status).toMatchObject({ pending: 0, errors: 0 })
  }, 120_000)

  it('a submit made on a draft changed since on the server is held with its reason; the retry submits', async () => {
    const name = await syncedInvoice()
    await server.admin.update('Sales Invoice', name, { remarks: 'checked by the office' })
    await replica.db.submitDoc('Sales Invoice', name)
    const held = await replica.sync()
    expect(held.offline).toBe(false)
    const errors = await replica.errors.list()
    if (kind === 'outpost') {
      // the sync protocol checks the submit's base: the intent waits for the user
      expect(held).toMatchObject({ rejected: 1, pushed: 0 })
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatchObject({ kind: 'submit', excType: 'TimestampMismatchError', name })
      expect((await server.admin.get('Sales Invoice', name))['docstatus']).toBe(0)
      expect(await replica.db.getDoc('Sales Invoice', name)).toMatchObject({ docstatus: 1, remarks: 'checked by the office' })
      await replica.errors.retry(errors[0]!.id)
      expect(await replica.sync()).toMatchObject({ pushed: 1, rejected: 0 })
    } else {
      // stock REST submits by name, on the server's current version
      expect(errors).toEqual([])
    }
    expect(await server.admin.get('Sales Invoice', name)).toMatchObject({ docstatus: 1, remarks: 'checked by the office' })
    expect(replica.status).toMatchObject({ pending: 0, errors: 0 })
  }, 120_000)
})
