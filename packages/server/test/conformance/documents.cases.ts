import { expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { serverMessages } from '../harness.ts'
import type { CaseGroup } from './env.ts'
import { must } from './profile.ts'

const SI = 'Sales Invoice'

export const documentCases: CaseGroup = (env) => {
  it('inserts a naming-series document: server name, child rows, nulls omitted', async () => {
    const { admin, fx, profile, year } = env()
    const res = await admin.post(admin.resource(SI), { ...profile.invoice(fx), name: 'client-chosen-name' })
    expect(res.status).toBe(200)
    const doc = res.body['data'] as Doc
    expect(doc['name']).toMatch(new RegExp(`^${profile.invoicePrefix(year)}\\d{5}$`))
    expect(doc['doctype']).toBe(SI)
    expect(doc['docstatus']).toBe(0)
    expect(doc['owner']).toBe('Administrator')
    expect(String(doc['modified'])).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/)
    expect(Object.values(doc).includes(null)).toBe(false)
    const items = doc['items'] as Doc[]
    expect(items).toHaveLength(2)
    items.forEach((row, i) => {
      expect(row).toMatchObject({ parent: doc['name'], parentfield: 'items', parenttype: SI, idx: i + 1, doctype: 'Sales Invoice Item', docstatus: 0 })
      expect(typeof row['name']).toBe('string')
    })
  })

  it('reads a document back exactly as inserted, and 404s an unknown one', async () => {
    const { admin, fx, profile } = env()
    const created = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    const read = await must(admin.get(admin.resource(SI, String(created['name']))), 'read')
    expect(read).toEqual(created)
    const missing = await admin.get(admin.resource(SI, 'ACC-SINV-1999-99999'))
    expect(missing.status).toBe(404)
    expect(missing.body['exc_type']).toBe('DoesNotExistError')
    expect(missing.body).not.toHaveProperty('exception')
    expect(serverMessages(missing.body)[0]).toBe('Sales Invoice ACC-SINV-1999-99999 not found')
  })

  it('updates with PUT; a stale modified is a TimestampMismatchError, none is last-write-wins', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    const path = admin.resource(SI, String(doc['name']))
    const updated = await must(admin.put(path, { remarks: 'first', modified: doc['modified'] }), 'put')
    expect(updated['remarks']).toBe('first')
    expect(String(updated['modified']) > String(doc['modified'])).toBe(true)
    const stale = await admin.put(path, { remarks: 'second', modified: doc['modified'] })
    expect(stale.status).toBe(417)
    expect(stale.body['exc_type']).toBe('TimestampMismatchError')
    expect(serverMessages(stale.body)[0]).toContain('Document has been modified after you have opened it')
    expect((await must(admin.get(path), 'read'))['remarks']).toBe('first')
    const blind = await must(admin.put(path, { remarks: 'third' }), 'put without modified')
    expect(blind['remarks']).toBe('third')
  })

  it('replaces child rows on save: kept rows keep their names, missing rows go', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    const items = doc['items'] as Doc[]
    const saved = await must(admin.put(admin.resource(SI, String(doc['name'])), { items: [{ ...items[1], qty: 3 }] }), 'put')
    const rows = saved['items'] as Doc[]
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ name: items[1]!['name'], idx: 1, qty: 3 })
  })

  it('submits and cancels through run_method, following docstatus rules', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    const path = admin.resource(SI, String(doc['name']))
    const submitted = await must(admin.post(path, { run_method: 'submit' }), 'submit')
    expect(submitted['docstatus']).toBe(1)
    expect((submitted['items'] as Doc[])[0]!['docstatus']).toBe(1)
    const edit = await admin.put(path, { customer: fx.southCustomer })
    expect(edit.status).toBe(417)
    expect(edit.body['exc_type']).toBe('UpdateAfterSubmitError')
    const remarks = await admin.put(path, { po_no: 'allowed on submit' })
    expect(remarks.status).toBe(200)
    const back = await admin.put(path, { docstatus: 0 })
    expect(back.status).toBe(417)
    expect(back.body['exc_type']).toBe('DocstatusTransitionError')
    const del = await admin.delete(path)
    expect(del.status).toBe(417)
    expect(serverMessages(del.body)[0]).toContain('Submitted Record cannot be deleted')
    const cancelled = await must(admin.post(path, { run_method: 'cancel' }), 'cancel')
    expect(cancelled['docstatus']).toBe(2)
    const again = await admin.put(path, { po_no: 'x' })
    expect(again.status).toBe(417)
    expect(again.body['exc_type']).toBe('ValidationError')
    expect(String(again.body['exception'])).toContain('Cannot edit cancelled document')
  })

  it('inserts straight to submitted with docstatus 1, and refuses docstatus 2', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx, { docstatus: 1 })), 'insert submitted')
    expect(doc['docstatus']).toBe(1)
    const bad = await admin.post(admin.resource(SI), profile.invoice(fx, { docstatus: 2 }))
    expect(bad.status).toBe(417)
    expect(bad.body['exc_type']).toBe('DocstatusTransitionError')
  })

  it('amends a cancelled document as NAME-1, then NAME-2', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx, { docstatus: 1 })), 'insert')
    const name = String(doc['name'])
    await must(admin.post(admin.resource(SI, name), { run_method: 'cancel' }), 'cancel')
    const first = await must(admin.post(admin.resource(SI), profile.invoice(fx, { amended_from: name, docstatus: 1 })), 'amend 1')
    expect(first['name']).toBe(`${name}-1`)
    await must(admin.post(admin.resource(SI, `${name}-1`), { run_method: 'cancel' }), 'cancel amendment')
    const second = await must(admin.post(admin.resource(SI), profile.invoice(fx, { amended_from: `${name}-1` })), 'amend 2')
    expect(second['name']).toBe(`${name}-2`)
  })

  it('deletes a draft: 202 {"data":"ok"} and a Deleted Document row', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    const res = await admin.delete(admin.resource(SI, String(doc['name'])))
    expect(res.status).toBe(202)
    expect(res.body).toEqual({ data: 'ok' })
    expect((await admin.get(admin.resource(SI, String(doc['name'])))).status).toBe(404)
    const log = await must(admin.get(admin.resource('Deleted Document'), { fields: ['deleted_name', 'deleted_doctype', 'data'], filters: { deleted_name: doc['name'] } }), 'deleted')
    const rows = log as unknown as Doc[]
    expect(rows).toHaveLength(1)
    expect(rows[0]!['deleted_doctype']).toBe(SI)
    expect(JSON.parse(String(rows[0]!['data']))['name']).toBe(doc['name'])
  })

  it('refuses to delete a document that others link to (LinkExistsError)', async () => {
    const { admin, fx } = env()
    const res = await admin.delete(admin.resource('Customer', fx.northCustomer))
    expect(res.status).toBe(417)
    expect(res.body['exc_type']).toBe('LinkExistsError')
    expect((await admin.get(admin.resource('Customer', fx.northCustomer))).status).toBe(200)
  })
}
