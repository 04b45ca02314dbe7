import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Replica } from '@outpost/core'
import { startDemoSite, type DemoServer } from './demo-server.ts'
import {
  REMOTES, TEMP_NAME_PATTERN, adminRemote, invoiceInput, localDump, northCustomer, openReplica, paymentInput, scratchDir, serverByOutpostId, someItem, type Doc,
} from './replica-helpers.ts'

describe.each(REMOTES)('server rejections over real HTTP (%s remote)', (kind) => {
  const files = scratchDir(`outpost-reject-${kind}-`)
  let server: DemoServer
  let replica: Replica
  /** Documents created offline in the first test, followed through the next ones. */
  let work: { item: string; zeroQty: Doc; payment: Doc; goneItem: Doc }

  beforeAll(async () => {
    server = await startDemoSite()
  })
  afterAll(async () => {
    await replica?.close()
    await server?.close()
    files.cleanup()
  })

  async function errorFor(name: unknown): Promise<{ id: string; message: string; messages: readonly string[]; httpStatus: number | undefined }> {
    const entry = (await replica.errors.list()).find((e) => e.name === name)
    if (!entry) throw new Error(`no Sync Error Log entry for ${String(name)}`)
    return entry
  }

  it('logs refused inserts with the decoded server message and holds their dependents', async () => {
    const template = (await server.admin.list('Item', [['disabled', '=', 0]], ['item_group', 'stock_uom']))[0]!
    const doomed = await server.admin.insert('Item', { item_code: 'ITEST-DOOMED', item_name: 'Doomed item', item_group: template['item_group'], stock_uom: template['stock_uom'], standard_rate: 10 })
    replica = await openReplica(files.path('replica.db'), adminRemote(server, kind))
    expect((await replica.boot()).offline).toBe(false)
    const item = await someItem(replica)
    const customer = await northCustomer(replica)
    await replica.db.getDoc('Item', String(doomed['name']))
    // After boot the item goes away on the server; the replica still has it.
    expect((await server.admin.call('DELETE', `/api/resource/Item/${String(doomed['name'])}`)).status).toBe(202)

    const zeroQty = await replica.db.createDoc('Sales Invoice', invoiceInput(customer['name'], item, 0))
    await replica.db.submitDoc('Sales Invoice', String(zeroQty['name']))
    const payment = await replica.db.createDoc('Payment Entry', paymentInput(customer['name'], zeroQty['name'], 20))
    await replica.db.submitDoc('Payment Entry', String(payment['name']))
    const goneItem = await replica.db.createDoc('Sales Invoice', invoiceInput(customer['name'], String(doomed['name']), 1))
    work = { item, zeroQty, payment, goneItem }

    const first = await replica.sync()
    expect(first).toMatchObject({ offline: false, pushed: 0, rejected: 2 })
    const qtyError = await errorFor(zeroQty['name'])
    expect(qtyError.httpStatus).toBe(417)
    expect(qtyError.message).toContain('cannot be zero')
    const linkError = await errorFor(goneItem['name'])
    expect(linkError.message).toContain(String(doomed['name']))
    expect(linkError.message).not.toMatch(/[{}"\\]/)
    // Held, not failed: the payment waits behind its refused invoice and is counted as pending.
    expect((await replica.errors.list()).map((e) => e.name)).not.toContain(payment['name'])
    expect(replica.status).toMatchObject({ pending: 5, errors: 2 })
    expect(await serverByOutpostId(server, 'Payment Entry', payment['outpost_id'])).toHaveLength(0)
    expect(await serverByOutpostId(server, 'Sales Invoice', zeroQty['outpost_id'])).toHaveLength(0)
    // Never retried on its own: another sync sends nothing and logs nothing new.
    expect(await replica.sync()).toMatchObject({ offline: false, pushed: 0, rejected: 0 })
    expect(replica.status).toMatchObject({ pending: 5, errors: 2 })
  }, 120_000)

  it('a fix and a retry push the invoice, its submit and the held payment', async () => {
    const { item, zeroQty, payment } = work
    const qtyError = await errorFor(zeroQty['name'])
    // Fix, retry: the invoice goes through, then its submit, then the payment that depends on it.
    await replica.db.updateDoc('Sales Invoice', String(zeroQty['name']), { items: [{ item_code: item, qty: 2, rate: 10 }] })
    await replica.errors.retry(qtyError.id)
    const second = await replica.sync()
    expect(second).toMatchObject({ offline: false, pushed: 4, rejected: 0 })
    const [invoiceOnServer] = await serverByOutpostId(server, 'Sales Invoice', zeroQty['outpost_id'])
    expect(invoiceOnServer).toMatchObject({ docstatus: 1 })
    const [paymentOnServer] = await serverByOutpostId(server, 'Payment Entry', payment['outpost_id'])
    const serverPayment = await server.admin.get('Payment Entry', String(paymentOnServer!['name']))
    expect((serverPayment['references'] as Doc[])[0]!['reference_name']).toBe(invoiceOnServer!['name'])
    expect(serverPayment).toMatchObject({ docstatus: 1 })
    const paid = await server.admin.get('Sales Invoice', String(invoiceOnServer!['name']))
    expect(paid['outstanding_amount']).toBeCloseTo(Number(paid['rounded_total'] || paid['grand_total']) - 20, 2)
    // The pull after the push brings the server's view of the paid invoice back.
    const local = await replica.db.getDoc('Sales Invoice', String(invoiceOnServer!['name']))
    expect(local).toMatchObject({ docstatus: 1, status: paid['status'], outstanding_amount: paid['outstanding_amount'], modified: paid['modified'] })
  }, 120_000)

  it('discarding a refused insert removes the local document; nothing reaches the server', async () => {
    const { goneItem } = work
    const linkError = await errorFor(goneItem['name'])
    // Discard: the refused insert is given up, the local document goes, nothing reaches the server.
    expect(replica.status).toMatchObject({ pending: 1, errors: 1 })
    await replica.errors.discard(linkError.id)
    await expect(replica.db.getDoc('Sales Invoice', String(goneItem['name']))).rejects.toThrow(/not found/)
    expect(replica.status).toMatchObject({ pending: 0, errors: 0 })
    expect(await serverByOutpostId(server, 'Sales Invoice', goneItem['outpost_id'])).toHaveLength(0)
    expect(await localDump(replica)).not.toMatch(TEMP_NAME_PATTERN)
  }, 120_000)

  it('discarding a refused update reverts the local document to the server version', async () => {
    const drafts = await server.admin.list('Sales Invoice', [['docstatus', '=', 0]], ['name'])
    const name = String(drafts[0]!['name'])
    const before = await replica.db.getDoc('Sales Invoice', name)
    const rows = before['items'] as Doc[]
    await replica.db.updateDoc('Sales Invoice', name, { items: rows.map((r, i) => (i === 0 ? { ...r, qty: 0 } : r)) })
    expect(((await replica.db.getDoc('Sales Invoice', name))['items'] as Doc[])[0]!['qty']).toBe(0)
    expect(await replica.sync()).toMatchObject({ rejected: 1 })
    const entry = await errorFor(name)
    expect(entry.message).toContain('cannot be zero')
    await replica.errors.discard(entry.id)
    const after = await replica.db.getDoc('Sales Invoice', name)
    expect(after['items']).toEqual(before['items'])
    expect(after['modified']).toBe(before['modified'])
    expect(replica.status).toMatchObject({ pending: 0, errors: 0 })
    const onServer = await server.admin.get('Sales Invoice', name)
    expect((onServer['items'] as Doc[])[0]!['qty']).toBe(rows[0]!['qty'])
  }, 120_000)
})
