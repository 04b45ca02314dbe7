import { expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { serverMessages } from '../harness.ts'
import type { CaseGroup } from './env.ts'
import { must } from './profile.ts'

const SI = 'Sales Invoice'

export const validationCases: CaseGroup = (env) => {
  it('refuses a missing mandatory field with MandatoryError and one message per field', async () => {
    const { admin, fx, profile } = env()
    const doc = profile.invoice(fx)
    delete doc['customer']
    delete doc['company']
    const res = await admin.post(admin.resource(SI), doc)
    expect(res.status).toBe(417)
    expect(res.body['exc_type']).toBe('MandatoryError')
    const messages = serverMessages(res.body)
    expect(messages.some((m) => m.includes('Company'))).toBe(true)
    expect(messages.every((m) => m.startsWith('Error: Value missing for Sales Invoice: '))).toBe(true)
  })

  it('counts an empty mandatory child table as missing', async () => {
    const { admin, fx, profile } = env()
    const res = await admin.post(admin.resource(SI), profile.invoice(fx, { items: [] }))
    expect(res.status).toBe(417)
    expect(res.body['exc_type']).toBe('MandatoryError')
  })

  it('refuses a Link to a missing document, naming the field', async () => {
    const { admin, fx, profile } = env()
    const res = await admin.post(admin.resource(SI), profile.invoice(fx, { customer: 'No Such Customer' }))
    expect(res.status).toBe(417)
    expect(res.body['exc_type']).toBe('LinkValidationError')
    expect(serverMessages(res.body).join(' ')).toContain('Could not find Customer: No Such Customer')
  })

  it('refuses a missing Link in a child row with its row number', async () => {
    const { admin, fx, profile } = env()
    const doc = profile.invoice(fx)
    ;(doc['items'] as Doc[])[1]!['item_code'] = 'Nope'
    const res = await admin.post(admin.resource(SI), doc)
    expect(res.status).toBe(417)
    expect(res.body['exc_type']).toBe('LinkValidationError')
    expect(serverMessages(res.body).join(' ')).toContain('Row #2')
  })

  it('stores a Link in its canonical spelling', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx, { company: fx.company.toUpperCase() })), 'insert')
    expect(doc['company']).toBe(fx.company)
  })

  it('refuses a Dynamic Link to a cancelled submittable document (CancelledLinkError)', async () => {
    const { admin, fx, profile } = env()
    const inv = await must(admin.post(admin.resource(SI), profile.invoice(fx, { docstatus: 1 })), 'invoice')
    await must(admin.post(admin.resource(SI, String(inv['name'])), { run_method: 'cancel' }), 'cancel')
    const res = await admin.post(admin.resource('Payment Entry'), { ...profile.payment(fx, inv, 10), docstatus: 1 })
    expect(res.status).toBe(417)
    expect(res.body['exc_type']).toBe('CancelledLinkError')
  })

  it('refuses a Select value outside its options', async () => {
    const { admin, fx, profile } = env()
    const res = await admin.post(admin.resource('Customer'), { ...profile.customer(fx, 'Bad Type Co'), customer_type: 'Martian' })
    expect(res.status).toBe(417)
    expect(res.body['exc_type']).toBe('ValidationError')
    expect(serverMessages(res.body).join(' ')).toContain('cannot be "Martian"')
  })

  it('refuses a Data value longer than its length', async () => {
    const { admin, fx, profile } = env()
    const res = await admin.post(admin.resource('Customer'), { ...profile.customer(fx, 'x'.repeat(141)) })
    expect(res.status).toBe(417)
    expect(res.body['exc_type']).toBe('CharacterLengthExceededError')
  })

  it('refuses a wrong-typed value instead of coercing it silently', async () => {
    const { admin, fx, profile } = env()
    const doc = profile.invoice(fx)
    ;(doc['items'] as Doc[])[0]!['qty'] = 'lots'
    const res = await admin.post(admin.resource(SI), doc)
    expect(res.status).toBe(417)
    expect(res.body['exc_type']).toBe('FrappeTypeError')
    expect(serverMessages(res.body).join(' ')).toContain('Quantity')
    const table = await admin.post(admin.resource(SI), profile.invoice(fx, { items: 'not a table' }))
    expect(table.status).toBe(417)
    const date = await admin.post(admin.resource(SI), profile.invoice(fx, { posting_date: 'yesterday' }))
    expect(date.status).toBe(417)
  })

  it('ignores unknown fields, as Frappe does', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx, { no_such_field: 'x' })), 'insert')
    expect(doc['no_such_field']).toBeUndefined()
  })

  it('refuses a duplicate name with DuplicateEntryError (409)', async () => {
    const { admin } = env()
    const res = await admin.post(admin.resource('Currency'), { currency_name: 'INR' })
    expect(res.status).toBe(409)
    expect(res.body['exc_type']).toBe('DuplicateEntryError')
    expect(serverMessages(res.body)[0]).toBe('Currency INR already exists')
  })
}
