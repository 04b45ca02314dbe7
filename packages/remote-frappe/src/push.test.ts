import type { OutgoingMutation, PushOutcome } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frappeRemote } from './frappe-remote.ts'
import type { FrappeRemote } from './frappe-remote.ts'
import { mutation } from './test-support/mutations.ts'
import { ADMIN_TOKEN, customerDoc, invoiceDoc, SALES_TOKEN, startReferenceSite, type ReferenceSite } from './test-support/reference-site.ts'

let ref: ReferenceSite
let remote: FrappeRemote
let customer: string

beforeAll(async () => {
  ref = await startReferenceSite()
  remote = frappeRemote({ url: ref.url, token: ADMIN_TOKEN })
  customer = String((await ref.admin.insert('Customer', customerDoc('Northwind Traders')))['name'])
})
afterAll(() => ref.close())

function accepted(outcome: PushOutcome): Doc {
  if (outcome.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(outcome)}`)
  if (!outcome.doc) throw new Error('accepted without a document')
  return outcome.doc
}

async function insertInvoice(extra: Doc = {}): Promise<Doc> {
  return accepted(await remote.push(mutation('insert', 'Sales Invoice', { doc: invoiceDoc(customer, extra) })))
}

const docstatusMutation = (kind: 'submit' | 'cancel', doc: Doc, maybeApplied = false): OutgoingMutation =>
  mutation(kind, 'Sales Invoice', { name: String(doc['name']), baseModified: String(doc['modified']), maybeApplied })

describe('insert', () => {
  it('gives a series-named Customer its server name and keeps the client id', async () => {
    const m = mutation('insert', 'Customer', { doc: customerDoc('Acme Stores') })
    const doc = accepted(await remote.push({ ...m, doc: { ...m.doc, name: m.name, doctype: 'Customer', __islocal: 1 } }))
    expect(doc['name']).toMatch(/^CUST-\d{4}-\d{5}$/)
    expect(doc).toMatchObject({ customer_name: 'Acme Stores', outpost_id: m.outpostId })
    expect(await ref.admin.get('Customer', String(doc['name']))).toMatchObject({ outpost_id: m.outpostId })
  })

  it('inserts a Sales Invoice with its rows and keeps the posting date chosen offline', async () => {
    const doc = await insertInvoice({ posting_date: '2025-12-30' })
    expect(doc['name']).toMatch(/^ACC-SINV-\d{4}-\d{5}$/)
    expect(doc).toMatchObject({ posting_date: '2025-12-30', set_posting_time: 1, docstatus: 0, grand_total: 125 })
    const items = doc['items'] as Doc[]
    expect(items.map((r) => [r['item_code'], r['idx'], r['parent']])).toEqual([['Widget', 1, doc['name']], ['Gadget', 2, doc['name']]])
  })

  it('does not insert twice when the first answer was lost (maybeApplied)', async () => {
    const m = mutation('insert', 'Sales Invoice', { doc: invoiceDoc(customer) })
    const first = accepted(await remote.push(m))
    const before = await ref.admin.count('Sales Invoice')
    const again = accepted(await remote.push({ ...m, maybeApplied: true }))
    expect(again['name']).toBe(first['name'])
    expect((again['items'] as Doc[]).length).toBe(2)
    expect(await ref.admin.count('Sales Invoice')).toBe(before)
  })

  it('does not insert twice when the connection drops after the server committed', async () => {
    const dropping = (async (input: string | URL | Request, init?: RequestInit) => {
      await fetch(input, init)
      throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
    }) as typeof fetch
    const m = mutation('insert', 'Sales Invoice', { doc: invoiceDoc(customer) })
    const before = await ref.admin.count('Sales Invoice')
    expect((await frappeRemote({ url: ref.url, token: ADMIN_TOKEN, fetch: dropping }).push(m)).kind).toBe('offline')
    expect(await ref.admin.count('Sales Invoice')).toBe(before + 1)
    const again = accepted(await remote.push({ ...m, maybeApplied: true }))
    expect(again['outpost_id']).toBe(m.outpostId)
    expect(await ref.admin.count('Sales Invoice')).toBe(before + 1)
  })

  it('adopts its own earlier insert when a repeat clashes on outpost_id without maybeApplied', async () => {
    const m = mutation('insert', 'Customer', { doc: customerDoc('Twice Sent') })
    const first = accepted(await remote.push(m))
    const again = accepted(await remote.push(m))
    expect(again['name']).toBe(first['name'])
    expect(await ref.admin.count('Customer', [['customer_name', '=', 'Twice Sent']])).toBe(1)
  })

  it('rejects a zero or negative quantity with the decoded server message', async () => {
    const doc = invoiceDoc(customer, { items: [{ item_code: 'Widget', qty: -1, rate: 50 }] })
    const outcome = await remote.push(mutation('insert', 'Sales Invoice', { doc }))
    expect(outcome).toEqual({
      kind: 'rejected',
      error: { excType: 'ValidationError', httpStatus: 417, message: 'Row #1: Quantity must be greater than zero', messages: ['Row #1: Quantity must be greater than zero'] },
    })
  })

  it('rejects a missing Link target (LinkValidationError, 417)', async () => {
    const outcome = await remote.push(mutation('insert', 'Sales Invoice', { doc: invoiceDoc('Nobody Ltd') }))
    expect(outcome.kind).toBe('rejected')
    if (outcome.kind === 'rejected') expect(outcome.error).toMatchObject({ excType: 'LinkValidationError', httpStatus: 417, message: 'Could not find Customer: Nobody Ltd' })
  })

  it('rejects what the user may not create (PermissionError, 403)', async () => {
    const sales = frappeRemote({ url: ref.url, token: SALES_TOKEN })
    const outcome = await sales.push(mutation('insert', 'Customer', { doc: customerDoc('Southern Co', { territory: 'South' }) }))
    expect(outcome.kind).toBe('rejected')
    if (outcome.kind === 'rejected') expect(outcome.error).toMatchObject({ excType: 'PermissionError', httpStatus: 403 })
  })
})

describe('update', () => {
  it('saves changed fields on the current base', async () => {
    const doc = await insertInvoice()
    const m = mutation('update', 'Sales Invoice', { name: String(doc['name']), baseModified: String(doc['modified']), doc: { remarks: 'Left at the gate' } })
    const saved = accepted(await remote.push(m))
    expect(saved['remarks']).toBe('Left at the gate')
    expect(saved['modified']).not.toBe(doc['modified'])
    expect((saved['items'] as Doc[]).length).toBe(2)
  })

  it('answers a stale base with a conflict carrying the server document', async () => {
    const doc = await insertInvoice()
    const name = String(doc['name'])
    const newer = (await ref.admin.call('PUT', `/api/resource/Sales Invoice/${name}`, { remarks: 'Changed on the server' })).body['data'] as Doc
    const outcome = await remote.push(mutation('update', 'Sales Invoice', { name, baseModified: String(doc['modified']), doc: { remarks: 'Changed offline' } }))
    expect(outcome.kind).toBe('conflict')
    if (outcome.kind !== 'conflict') return
    expect(outcome.error).toMatchObject({ excType: 'TimestampMismatchError', httpStatus: 417 })
    expect(outcome.error.message).toMatch(/^Error: Document has been modified after you have opened it/)
    expect(outcome.serverDoc).toMatchObject({ name, remarks: 'Changed on the server', modified: newer['modified'] })
    expect((outcome.serverDoc?.['items'] as Doc[]).length).toBe(2)
  })

  it('accepts a repeated update whose first answer was lost', async () => {
    const doc = await insertInvoice()
    const m = mutation('update', 'Sales Invoice', { name: String(doc['name']), baseModified: String(doc['modified']), doc: { remarks: 'Once' } })
    const first = accepted(await remote.push(m))
    const again = accepted(await remote.push({ ...m, maybeApplied: true }))
    expect(again['modified']).toBe(first['modified'])
  })
})

describe('submit and cancel', () => {
  it('submits and cancels, and accepts retries of both', async () => {
    const doc = await insertInvoice()
    const submitted = accepted(await remote.push(docstatusMutation('submit', doc)))
    expect(submitted['docstatus']).toBe(1)
    const retried = accepted(await remote.push(docstatusMutation('submit', doc, true)))
    expect(retried).toMatchObject({ docstatus: 1, modified: submitted['modified'] })
    expect(accepted(await remote.push(docstatusMutation('submit', doc)))['docstatus']).toBe(1)
    const cancelled = accepted(await remote.push(docstatusMutation('cancel', submitted)))
    expect(cancelled['docstatus']).toBe(2)
    expect(accepted(await remote.push(docstatusMutation('cancel', submitted, true)))).toMatchObject({ docstatus: 2, modified: cancelled['modified'] })
    expect(accepted(await remote.push(docstatusMutation('cancel', submitted)))['docstatus']).toBe(2)
  })

  it('rejects cancelling a draft (DocstatusTransitionError stays a rejection)', async () => {
    const doc = await insertInvoice()
    const outcome = await remote.push(docstatusMutation('cancel', doc))
    expect(outcome).toMatchObject({ kind: 'rejected', error: { excType: 'DocstatusTransitionError', httpStatus: 417, message: 'Cannot change docstatus from 0 (Draft) to 2 (Cancelled)' } })
  })
})

describe('delete', () => {
  it('deletes, and a repeated delete of the gone document is accepted', async () => {
    const doc = await insertInvoice()
    const m = mutation('delete', 'Sales Invoice', { name: String(doc['name']), outpostId: String(doc['outpost_id']), baseModified: String(doc['modified']) })
    expect(await remote.push(m)).toEqual({ kind: 'accepted', doc: undefined })
    expect(await remote.push({ ...m, maybeApplied: true })).toEqual({ kind: 'accepted', doc: undefined })
    expect((await ref.admin.call('GET', `/api/resource/Sales Invoice/${String(doc['name'])}`)).status).toBe(404)
  })

  it('rejects deleting a submitted document', async () => {
    const doc = await insertInvoice()
    accepted(await remote.push(docstatusMutation('submit', doc)))
    const outcome = await remote.push(mutation('delete', 'Sales Invoice', { name: String(doc['name']), outpostId: String(doc['outpost_id']) }))
    expect(outcome).toMatchObject({ kind: 'rejected', error: { httpStatus: 417 } })
    if (outcome.kind === 'rejected') expect(outcome.error.message).toContain('Submitted Record cannot be deleted')
  })

  it('leaves a later document that took the name of the one it meant (a series number given back)', async () => {
    const first = await insertInvoice()
    const name = String(first['name'])
    const deleteFirst = () => mutation('delete', 'Sales Invoice', { name, outpostId: String(first['outpost_id']) })
    expect(await remote.push(deleteFirst())).toEqual({ kind: 'accepted', doc: undefined })
    const later = await insertInvoice()
    expect(later['name']).toBe(name)
    // another replica's delete of the first document, late: the document it meant is gone
    expect(await remote.push(deleteFirst())).toEqual({ kind: 'accepted', doc: undefined })
    const held = await ref.admin.call('GET', `/api/resource/Sales Invoice/${name}`)
    expect(held.status).toBe(200)
    expect((held.body as { data: Doc }).data['outpost_id']).toBe(later['outpost_id'])
  })
})
