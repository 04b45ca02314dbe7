import { expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import type { CaseGroup } from './env.ts'
import { must } from './profile.ts'

const SI = 'Sales Invoice'
const M = '/api/method/'

/** Finer points of Frappe's REST that clients depend on. */
export const detailCases: CaseGroup = (env) => {
  it('saves an edited child row through its parent: parent modified moves, row follows', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    const row = (doc['items'] as Doc[])[0]!
    const res = await admin.post(`${M}frappe.client.set_value`, { doctype: 'Sales Invoice Item', name: row['name'], fieldname: 'qty', value: 7 })
    const parent = res.body['message'] as Doc
    expect(parent['name']).toBe(doc['name'])
    expect(String(parent['modified']) > String(doc['modified'])).toBe(true)
    expect((parent['items'] as Doc[])[0]!['qty']).toBe(7)
    const put = await must(admin.put(admin.resource('Sales Invoice Item', String(row['name'])), { qty: 4 }), 'put row')
    expect(put['qty']).toBe(4)
    expect(put['parent']).toBe(doc['name'])
  })

  it('inserts and deletes a child row through frappe.client', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    const row = { ...(doc['items'] as Doc[])[0]!, name: undefined, parent: doc['name'], parenttype: SI, parentfield: 'items', doctype: 'Sales Invoice Item' }
    const inserted = (await admin.post(`${M}frappe.client.insert`, { doc: row })).body['message'] as Doc
    expect(inserted['items'] as Doc[]).toHaveLength(3)
    const added = (inserted['items'] as Doc[])[2]!
    await admin.post(`${M}frappe.client.delete`, { doctype: 'Sales Invoice Item', name: added['name'] })
    expect((await must(admin.get(admin.resource(SI, String(doc['name']))), 'read'))['items'] as Doc[]).toHaveLength(2)
  })

  it('frappe.client.save replaces the document: a table left out is emptied', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    const partial = { doctype: SI, name: doc['name'], modified: doc['modified'], customer: doc['customer'], company: doc['company'], posting_date: doc['posting_date'] }
    const res = await admin.post(`${M}frappe.client.save`, { doc: partial })
    expect(res.status).toBe(417)
    expect(res.body['exc_type']).toBe('MandatoryError')
    const noModified = await admin.post(`${M}frappe.client.save`, { doc: { ...doc, modified: undefined } })
    expect(noModified.body['exc_type']).toBe('TimestampMismatchError')
  })

  it('blocks deleting a master that a cancelled document still links to', async () => {
    const { admin, fx, profile } = env()
    const customer = await must(admin.post(admin.resource('Customer'), profile.customer(fx, 'Cancelled Links Ltd')), 'customer')
    const inv = await must(admin.post(admin.resource(SI), profile.invoice(fx, { customer: customer['name'], docstatus: 1 })), 'invoice')
    await must(admin.post(admin.resource(SI, String(inv['name'])), { run_method: 'cancel' }), 'cancel')
    const res = await admin.delete(admin.resource('Customer', String(customer['name'])))
    expect(res.status).toBe(417)
    expect(res.body['exc_type']).toBe('LinkExistsError')
  })

  it('blocks cancelling an invoice that a submitted payment references, but not a draft one', async () => {
    const { admin, fx, profile } = env()
    const inv = await must(admin.post(admin.resource(SI), profile.invoice(fx, { docstatus: 1 })), 'invoice')
    const draft = await must(admin.post(admin.resource('Payment Entry'), profile.payment(fx, inv, 10)), 'draft payment')
    expect(draft['docstatus']).toBe(0)
    await must(admin.post(admin.resource('Payment Entry', String(draft['name'])), { run_method: 'submit' }), 'submit payment')
    const res = await admin.post(admin.resource(SI, String(inv['name'])), { run_method: 'cancel' })
    expect(res.status).toBe(417)
    expect(res.body['exc_type']).toBe('LinkExistsError')
  })

  it('routes names with slashes and ignores a trailing slash', async () => {
    const { admin } = env()
    await must(admin.post(admin.resource('UOM'), { uom_name: 'Box/12' }), 'uom with slash')
    expect((await admin.raw('GET', '/api/resource/UOM/Box/12')).status).toBe(200)
    expect((await admin.get(admin.resource('UOM', 'Box/12'))).status).toBe(200)
    const list = await admin.raw('GET', '/api/resource/UOM/')
    expect(Array.isArray(list.body['data'])).toBe(true)
  })

  it('logs in over GET as well, as Frappe does', async () => {
    const { ts } = env()
    const res = await ts.api.raw('GET', '/api/method/login?usr=Administrator&pwd=admin')
    expect(res.status).toBe(200)
    expect(res.body['message']).toBe('Logged In')
  })

  it('renames a document with frappe.client.rename_doc; links follow, modified does not move', async () => {
    const { admin, fx, profile } = env()
    const customer = await must(admin.post(admin.resource('Customer'), profile.customer(fx, 'Rename Me Ltd')), 'customer')
    const inv = await must(admin.post(admin.resource(SI), profile.invoice(fx, { customer: customer['name'] })), 'invoice')
    const res = await admin.post(`${M}frappe.client.rename_doc`, { doctype: 'Customer', old_name: customer['name'], new_name: 'Renamed Ltd' })
    expect(res.body['message']).toBe('Renamed Ltd')
    const after = await must(admin.get(admin.resource(SI, String(inv['name']))), 'invoice after')
    expect(after['customer']).toBe('Renamed Ltd')
    expect(after['modified']).toBe(inv['modified'])
    expect((await admin.get(admin.resource('Customer', String(customer['name'])))).status).toBe(404)
    const clash = await admin.post(`${M}frappe.client.rename_doc`, { doctype: 'Customer', old_name: 'Renamed Ltd', new_name: fx.northCustomer })
    expect(clash.status).toBe(409)
    const notAllowed = await admin.post(`${M}frappe.client.rename_doc`, { doctype: SI, old_name: inv['name'], new_name: 'X' })
    expect(notAllowed.status).toBe(417)
  })

  it('answers has_permission and get_doc_permissions for a user', async () => {
    const { admin, sales, fx } = env()
    const own = await sales.get(`${M}frappe.client.has_permission`, { doctype: 'Customer', docname: fx.northCustomer, perm_type: 'write' })
    expect(own.body['message']).toEqual({ has_permission: true })
    const other = await sales.get(`${M}frappe.client.has_permission`, { doctype: 'Customer', docname: fx.southCustomer, perm_type: 'read' })
    expect(other.body['message']).toEqual({ has_permission: false })
    const perms = await admin.get(`${M}frappe.client.get_doc_permissions`, { doctype: 'Customer', docname: fx.northCustomer })
    expect((perms.body['message'] as { permissions: Record<string, number> }).permissions['delete']).toBe(1)
  })

  it('keeps the client id outpost_id and refuses a second document with the same one', async () => {
    const { admin, fx, profile } = env()
    const id = 'client-id-0001'
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx, { outpost_id: id })), 'insert')
    expect(doc['outpost_id']).toBe(id)
    const again = await admin.post(admin.resource(SI), profile.invoice(fx, { outpost_id: id }))
    expect(again.status).toBe(409)
    expect(again.body['exc_type']).toBe('DuplicateEntryError')
    const found = await must(admin.get(admin.resource(SI), { filters: { outpost_id: id } }), 'by outpost_id')
    expect((found as unknown as Doc[]).map((r) => r['name'])).toEqual([doc['name']])
    const put = await must(admin.put(admin.resource(SI, String(doc['name'])), { outpost_id: 'changed' }), 'put')
    expect(put['outpost_id']).toBe(id)
  })
}
