import { expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import type { CaseGroup } from './env.ts'
import { must } from './profile.ts'

const SI = 'Sales Invoice'

/** A value nested `depth` arrays deep, as JSON text. */
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth)

/**
 * How a body reaches a document (Frappe's get_request_form_data: `data`, else the body read as
 * JSON whatever its type, else form fields), and inputs no code may walk or bind: nothing a
 * client sends is dropped without a word or answered with a 500.
 */
export const bodyFormCases: CaseGroup = (env) => {
  const someCustomer = async (): Promise<string> => {
    const { admin } = env()
    const rows = (await must(admin.get(admin.resource('Customer'), { limit_page_length: 1 }), 'list')) as unknown as Doc[]
    return String(rows[0]!['name'])
  }
  const details = async (name: string): Promise<unknown> => (await must(env().admin.get(env().admin.resource('Customer', name)), 'get'))['customer_details']

  it('applies an update sent as JSON text with another content type, or none', async () => {
    const { admin } = env()
    const name = await someCustomer()
    for (const [type, value] of [['text/plain', 'sent as text'], ['', 'sent with no type'], ['application/vnd.api+json', 'sent as vnd json']] as const) {
      const res = await admin.raw('PUT', admin.resource('Customer', name), { body: JSON.stringify({ customer_details: value }), headers: type === '' ? {} : { 'content-type': type } })
      expect(res.status, type).toBe(200)
      expect(await details(name)).toBe(value)
    }
  })

  it('applies `data` given as an object', async () => {
    const { admin } = env()
    const name = await someCustomer()
    expect((await admin.put(admin.resource('Customer', name), { data: { customer_details: 'nested data' } })).status).toBe(200)
    expect(await details(name)).toBe('nested data')
  })

  it('refuses multipart and a body that is not JSON with a clear error, changing nothing', async () => {
    const { admin } = env()
    const name = await someCustomer()
    const before = await details(name)
    const multipart = await admin.raw('PUT', admin.resource('Customer', name), { body: '--b\r\ncontent-disposition: form-data; name="customer_details"\r\n\r\nx\r\n--b--\r\n', headers: { 'content-type': 'multipart/form-data; boundary=b' } })
    expect(multipart.status).toBe(400)
    expect(String(multipart.body['_server_messages'])).toContain('multipart')
    const text = await admin.raw('PUT', admin.resource('Customer', name), { body: 'customer_details is changed', headers: { 'content-type': 'text/plain' } })
    expect(text.status).toBe(417)
    expect(text.body['exc_type']).toBe('ValidationError')
    expect(await details(name)).toEqual(before)
  })

  it('takes a page length or start too large for SQL as "all" or "none", never a 500', async () => {
    const { admin } = env()
    for (const q of [{ limit_page_length: '1e21' }, { limit_page_length: '99999999999999999999' }]) {
      const res = await admin.get(admin.resource('Customer'), q)
      expect(res.status, JSON.stringify(q)).toBe(200)
      expect((res.body['data'] as Doc[]).length).toBeGreaterThan(0)
    }
    const past = await admin.get(admin.resource(SI), { limit_start: '1e30' })
    expect(past.status).toBe(200)
    expect(past.body['data']).toEqual([])
    expect((await admin.get('/api/method/frappe.desk.search.search_link', { doctype: 'Customer', txt: 'a', start: '1e21' })).status).toBe(200)
    expect((await admin.get(admin.resource(SI), { limit_page_length: JSON.stringify([1]) })).status).toBe(417)
  })

  it('refuses JSON nested deeper than any document with a 4xx, in a body or a query argument', async () => {
    const { admin } = env()
    const deep = nested(10_000)
    const body = await admin.raw('POST', '/api/method/frappe.client.get_list', { body: `{"doctype":"Customer","filters":[["customer_name","=",${deep}]]}`, headers: { 'content-type': 'application/json' } })
    expect(body.status).toBe(400)
    expect(body.body['exc_type']).toBe('BadRequest')
    // a query string as long as the headers allow
    const query = await admin.raw('GET', `/api/resource/Customer?filters=${encodeURIComponent(`[["customer_name","=",${nested(500)}]]`)}`)
    expect(query.status).toBeGreaterThanOrEqual(400)
    expect(query.status).toBeLessThan(500)
    expect(typeof query.body['exc_type']).toBe('string')
    const push = await admin.raw('POST', '/api/method/outpost.sync.push', { body: `{"mutations":[${deep}]}`, headers: { 'content-type': 'application/json' } })
    expect(push.status).toBe(400)
  })

  it('refuses docstatus 1 or 2 for a DocType that is not submittable, by insert, update or push', async () => {
    const { admin } = env()
    const name = await someCustomer()
    const update = await admin.put(admin.resource('Customer', name), { docstatus: 1 })
    expect(update.status).toBe(417)
    expect(String(update.body['_server_messages'])).toContain('Customer is not submittable')
    expect((await must(admin.get(admin.resource('Customer', name)), 'get'))['docstatus']).toBe(0)
    expect((await admin.post(admin.resource('UOM'), { uom_name: 'Stuck Unit', docstatus: 1 })).status).toBe(417)
    const push = await admin.post('/api/method/outpost.sync.push', { mutations: [{ mutation_id: crypto.randomUUID(), kind: 'update', doctype: 'Customer', name, base_modified: null, doc: { docstatus: 2 } }] })
    expect((push.body['message'] as { results: Doc[] }).results[0]).toMatchObject({ status: 'rejected', exc_type: 'ValidationError' })
    // still a draft: it can be edited and deleted as before
    expect((await admin.put(admin.resource('Customer', name), { customer_details: 'still editable' })).status).toBe(200)
  })

  it('says a doctype is missing, or not a name, rather than looking for "undefined"', async () => {
    const { admin } = env()
    const missing = await admin.get('/api/method/frappe.client.get_count')
    expect(missing.status).toBe(417)
    expect(String(missing.body['_server_messages'])).toContain('doctype is required')
    const notText = await admin.post('/api/method/frappe.client.get_count', { doctype: ['Customer'] })
    expect(notText.status).toBe(417)
    expect(String(notText.body['_server_messages'])).toContain('doctype must be the name of a DocType')
  })

  it('answers a path that is not valid UTF-8 and oversized headers with Frappe error bodies', async () => {
    const { admin } = env()
    const url = await admin.raw('GET', '/api/resource/Customer/%ff%fe')
    expect(url.status).toBe(400)
    expect(url.body['exc_type']).toBe('BadRequest')
    const headers = await admin.raw('GET', admin.resource('Customer'), { headers: { 'x-padding': 'x'.repeat(20_000) } })
    expect(headers.status).toBe(431)
    expect(headers.body['exc_type']).toBe('BadRequest')
  })
}
