import { expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import type { CaseGroup } from './env.ts'
import { must } from './profile.ts'

const SI = 'Sales Invoice'

/** Every hostile or broken request gets a Frappe-shaped 4xx and changes nothing. */
export const badInputCases: CaseGroup = (env) => {
  const countInvoices = async (): Promise<number> => {
    const { admin } = env()
    return Number((await admin.get('/api/method/frappe.client.get_count', { doctype: SI })).body['message'])
  }

  it('answers malformed JSON with 400 and a Frappe body', async () => {
    const { admin } = env()
    const before = await countInvoices()
    const res = await admin.raw('POST', admin.resource(SI), { body: '{"customer": ', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(400)
    expect(res.body['exc_type']).toBe('BadRequest')
    expect(await countInvoices()).toBe(before)
  })

  it('answers a JSON body that is not an object with a clear error', async () => {
    const { admin } = env()
    const res = await admin.raw('POST', admin.resource(SI), { body: '"just a string"', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(typeof res.body['exc_type']).toBe('string')
  })

  it('404s an unknown doctype on every route', async () => {
    const { admin } = env()
    for (const res of [
      await admin.get(admin.resource('No Such Type')),
      await admin.post(admin.resource('No Such Type'), { a: 1 }),
      await admin.get(admin.resource('No Such Type', 'x')),
      await admin.put(admin.resource('No Such Type', 'x'), { a: 1 }),
      await admin.delete(admin.resource('No Such Type', 'x')),
    ]) {
      expect(res.status).toBe(404)
      expect(res.body['exc_type']).toBe('DoesNotExistError')
    }
  })

  it('refuses a body over 25 MB with 413 and stores nothing', async () => {
    const { admin, fx, profile } = env()
    const before = await countInvoices()
    const huge = JSON.stringify(profile.invoice(fx, { remarks: 'x'.repeat(26 * 1024 * 1024) }))
    const res = await admin.raw('POST', admin.resource(SI), { body: huge, headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(413)
    expect(res.body['exc_type']).toBe('RequestEntityTooLarge')
    expect(await countInvoices()).toBe(before)
  })

  it('refuses SQL in fields, filters, order_by and group_by, and the table survives', async () => {
    const { admin } = env()
    const before = await countInvoices()
    const attempts: Record<string, unknown>[] = [
      { fields: ['name', '(select group_concat(name) from __user) as x'] },
      { fields: ['name; drop table "tabSales Invoice"'] },
      { fields: ['*, password_hash'] },
      { filters: [['name; drop table x', '=', '1']] },
      { filters: [['name', '= 1 or 1=1 --', 'x']] },
      { filters: { 'customer) or (1=1': 'x' } },
      { order_by: 'name; drop table "tabSales Invoice"' },
      { order_by: '(select 1)' },
      { order_by: 'name desc, sleep(5)' },
      { group_by: 'name union select * from __user' },
      { filters: '[[not json' },
      { limit_page_length: '10; drop table x' },
    ]
    for (const query of attempts) {
      const res = await admin.get(admin.resource(SI), query)
      expect(res.status, JSON.stringify(query)).toBe(417)
      expect(typeof res.body['exc_type']).toBe('string')
    }
    const bound = (await must(admin.get(admin.resource(SI), { filters: [['name', '=', "x' or '1'='1"]] }), 'list')) as unknown as Doc[]
    expect(bound).toHaveLength(0)
    expect(await countInvoices()).toBe(before)
  })

  it('treats names with path tricks as plain names', async () => {
    const { admin } = env()
    for (const name of ['../../etc/passwd', '..', 'a/b', '%00', 'x\u0000y', "'; drop table x; --"]) {
      const res = await admin.get(admin.resource(SI, name))
      expect([403, 404]).toContain(res.status)
      expect(typeof res.body['exc_type']).toBe('string')
    }
    const raw = await admin.raw('GET', '/api/resource/Sales%20Invoice/..%2F..%2Fetc%2Fpasswd')
    expect(raw.status).toBe(404)
  })

  it('refuses a name with characters Frappe forbids', async () => {
    const { admin } = env()
    const res = await admin.post(admin.resource('UOM'), { uom_name: '<script>x</script>' })
    expect(res.status).toBe(409)
    expect(res.body['exc_type']).toBe('NameError')
  })

  it('ignores prototype-polluting keys', async () => {
    const { admin } = env()
    const res = await admin.raw('POST', admin.resource('UOM'), { body: '{"uom_name":"Pollute","__proto__":{"polluted":1},"constructor":{"prototype":{"x":1}}}', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(200)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('refuses a request with a malformed Authorization header with 401', async () => {
    const { ts } = env()
    const res = await ts.api.raw('GET', ts.api.resource(SI), { headers: { authorization: 'token no-colon-here' } })
    expect(res.status).toBe(401)
    const scheme = await ts.api.raw('GET', ts.api.resource(SI), { headers: { authorization: 'Weird abc' } })
    expect(scheme.status).toBe(401)
  })

  it('refuses a non-integer page length and a negative start', async () => {
    const { admin } = env()
    expect((await admin.get(admin.resource(SI), { limit_page_length: 'ten' })).status).toBe(417)
    expect((await admin.get(admin.resource(SI), { limit_start: -5 })).status).toBe(417)
  })
}
