import { expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { serverMessages } from '../harness.ts'
import type { CaseGroup } from './env.ts'
import { must } from './profile.ts'

const SI = 'Sales Invoice'
const M = '/api/method/'

export const methodCases: CaseGroup = (env) => {
  it('answers ping for anyone', async () => {
    const { guest } = env()
    expect((await guest.get(`${M}ping`)).body).toEqual({ message: 'pong' })
  })

  it('frappe.client.get includes nulls; get_value returns the asked fields', async () => {
    const { admin, fx } = env()
    const doc = (await admin.get(`${M}frappe.client.get`, { doctype: 'Customer', name: fx.northCustomer })).body['message'] as Doc
    expect(doc['name']).toBe(fx.northCustomer)
    expect(Object.values(doc).includes(null)).toBe(true)
    const value = await admin.get(`${M}frappe.client.get_value`, { doctype: 'Customer', filters: fx.northCustomer, fieldname: ['customer_name', 'territory'] })
    expect(value.body['message']).toEqual({ customer_name: 'Northwind Traders', territory: 'North' })
  })

  it('frappe.client.insert and insert_many; insert_many is all or nothing', async () => {
    const { admin } = env()
    const one = await admin.post(`${M}frappe.client.insert`, { doc: { doctype: 'UOM', uom_name: 'Kg' } })
    expect((one.body['message'] as Doc)['name']).toBe('Kg')
    const many = await admin.post(`${M}frappe.client.insert_many`, { docs: [{ doctype: 'UOM', uom_name: 'Litre' }, { doctype: 'UOM', uom_name: 'Metre' }] })
    expect(many.body['message']).toEqual(['Litre', 'Metre'])
    const failing = await admin.post(`${M}frappe.client.insert_many`, { docs: [{ doctype: 'UOM', uom_name: 'Gram' }, { doctype: 'UOM', uom_name: 'Kg' }] })
    expect(failing.status).toBe(409)
    expect((await admin.get(admin.resource('UOM', 'Gram'))).status).toBe(404)
  })

  it('refuses frappe.client.insert over GET', async () => {
    const { admin } = env()
    const res = await admin.get(`${M}frappe.client.insert`, { doc: { doctype: 'UOM', uom_name: 'Ton' } })
    expect(res.status).toBe(403)
  })

  it('frappe.client.save checks modified; set_value saves one field', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    const saved = (await admin.post(`${M}frappe.client.save`, { doc: { ...doc, remarks: 'saved' } })).body['message'] as Doc
    expect(saved['remarks']).toBe('saved')
    const stale = await admin.post(`${M}frappe.client.save`, { doc: { ...doc, remarks: 'stale' } })
    expect(stale.body['exc_type']).toBe('TimestampMismatchError')
    const set = await admin.post(`${M}frappe.client.set_value`, { doctype: SI, name: doc['name'], fieldname: 'remarks', value: 'via set_value' })
    expect((set.body['message'] as Doc)['remarks']).toBe('via set_value')
  })

  it('frappe.client.submit, cancel and delete', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    const submitted = (await admin.post(`${M}frappe.client.submit`, { doc })).body['message'] as Doc
    expect(submitted['docstatus']).toBe(1)
    const cancelled = (await admin.post(`${M}frappe.client.cancel`, { doctype: SI, name: doc['name'] })).body['message'] as Doc
    expect(cancelled['docstatus']).toBe(2)
    const draft = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    const deleted = await admin.post(`${M}frappe.client.delete`, { doctype: SI, name: draft['name'] })
    expect(deleted.status).toBe(200)
    expect(deleted.body).toEqual({})
    expect((await admin.get(admin.resource(SI, String(draft['name'])))).status).toBe(404)
  })

  it('frappe.client.validate_link returns the canonical name or null', async () => {
    const { admin, fx } = env()
    const found = await admin.get(`${M}frappe.client.validate_link`, { doctype: 'Company', docname: fx.company.toLowerCase() })
    expect(found.body['message']).toEqual({ name: fx.company })
    const missing = await admin.get(`${M}frappe.client.validate_link`, { doctype: 'Company', docname: 'Nope' })
    expect(missing.body['message']).toEqual({ name: null })
  })

  it('getdoctype returns the DocType and its child tables', async () => {
    const { admin } = env()
    const res = await admin.get(`${M}frappe.desk.form.load.getdoctype`, { doctype: SI })
    const names = (res.body['docs'] as Doc[]).map((d) => d['name'])
    expect(names[0]).toBe(SI)
    expect(names).toContain('Sales Invoice Item')
  })

  it('refuses an unknown method (417, as execute_cmd) and 404s an unknown API path', async () => {
    const { admin } = env()
    const method = await admin.get(`${M}no.such.method`)
    expect(method.status).toBe(417)
    expect(String(method.body['exception'])).toContain('Failed to get method for command no.such.method')
    const path = await admin.get('/api/nothing/here')
    expect(path.status).toBe(404)
    expect(path.body['exc_type']).toBe('DoesNotExistError')
  })

  it('mounts v1 under /api/v1 as well', async () => {
    const { admin } = env()
    expect((await admin.get('/api/v1/method/ping')).body).toEqual({ message: 'pong' })
    expect((await admin.get('/api/v1/resource/Currency')).status).toBe(200)
  })

  it('reports a failing method in Frappe shape', async () => {
    const { admin } = env()
    const res = await admin.post(`${M}frappe.client.insert`, { doc: { doctype: 'Customer' } })
    expect(res.status).toBe(417)
    expect(res.body['exc_type']).toBe('MandatoryError')
    expect(typeof res.body['exception']).toBe('string')
    expect(serverMessages(res.body).length).toBeGreaterThan(0)
  })
}
