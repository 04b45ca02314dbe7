import { expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { Api } from '../harness.ts'
import type { CaseGroup } from './env.ts'
import { must } from './profile.ts'

const SI = 'Sales Invoice'

export const authCases: CaseGroup = (env) => {
  it('gives Guest 403 on resources and a wrong secret 401', async () => {
    const { guest, ts } = env()
    const res = await guest.get(guest.resource(SI))
    expect(res.status).toBe(403)
    expect(res.body['exc_type']).toBe('PermissionError')
    const wrong = await ts.api.as('admin-key:wrong').get(guest.resource(SI))
    expect(wrong.status).toBe(401)
    expect(wrong.body['exc_type']).toBe('AuthenticationError')
    const unknown = await ts.api.as('nobody-at-all:x').get(guest.resource(SI))
    expect(unknown.status).toBe(401)
  })

  it('logs in with a password, uses the sid cookie, and logs out', async () => {
    const { ts } = env()
    const bad = await ts.api.post('/api/method/login', { usr: 'sales@example.com', pwd: 'wrong' })
    expect(bad.status).toBe(401)
    expect(bad.body['message']).toBe('Invalid login credentials')
    const ok = await ts.api.post('/api/method/login', { usr: 'sales@example.com', pwd: 'sales' })
    expect(ok.status).toBe(200)
    expect(ok.body['message']).toBe('Logged In')
    const sid = /sid=([^;]+)/.exec(ok.headers.get('set-cookie') ?? '')?.[1]
    expect(sid).toBeTruthy()
    const session = new Api(ts.api.base, { cookie: `sid=${sid}` })
    expect((await session.get('/api/method/frappe.auth.get_logged_user')).body).toEqual({ message: 'sales@example.com' })
    await session.post('/api/method/logout')
    const after = await session.get('/api/method/frappe.auth.get_logged_user')
    expect(after.status).toBe(403)
    expect(after.body['session_expired']).toBe(1)
    expect(after.headers.get('set-cookie')).toContain('sid=Guest')
    const ping = await session.get('/api/method/ping')
    expect(ping.body).toEqual({ message: 'pong', session_expired: 1 })
  })

  it('accepts form-encoded login as browsers send it', async () => {
    const { ts } = env()
    const res = await ts.api.raw('POST', '/api/method/login', { body: 'usr=Administrator&pwd=admin', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(200)
  })

  it('enforces role permissions: no role, no access; no create, no insert', async () => {
    const { nobody, fx, profile } = env()
    expect((await nobody.get(nobody.resource(SI))).status).toBe(403)
    const res = await nobody.post(nobody.resource(SI), profile.invoice(fx))
    expect(res.status).toBe(403)
    expect(res.body['exc_type']).toBe('PermissionError')
  })

  it('restricts lists and reads by User Permission (Territory = North)', async () => {
    const { admin, sales, fx, profile } = env()
    const south = await must(admin.post(admin.resource(SI), profile.invoice(fx, { customer: fx.southCustomer, territory: 'South' })), 'south')
    const north = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'north')
    const rows = (await must(sales.get(sales.resource(SI), { fields: ['name', 'territory'], limit_page_length: 0 }), 'list')) as unknown as Doc[]
    expect(rows.some((r) => r['name'] === north['name'])).toBe(true)
    expect(rows.every((r) => r['territory'] !== 'South')).toBe(true)
    expect((await sales.get(sales.resource(SI, String(south['name'])))).status).toBe(403)
    const customers = (await must(sales.get(sales.resource('Customer'), { fields: ['name', 'territory'], limit_page_length: 0 }), 'customers')) as unknown as Doc[]
    const names = customers.map((c) => c['name'])
    expect(names).toContain(fx.northCustomer)
    expect(names).not.toContain(fx.southCustomer)
    expect(customers.every((c) => c['territory'] === 'North' || !c['territory'])).toBe(true)
    const count = await sales.get('/api/method/frappe.client.get_count', { doctype: 'Customer' })
    expect(count.body['message']).toBe(customers.length)
  })

  it('checks every write again: a restricted user cannot write outside the allowed territory', async () => {
    const { sales, fx, profile } = env()
    const res = await sales.post(sales.resource(SI), profile.invoice(fx, { customer: fx.southCustomer, territory: 'South' }))
    expect(res.status).toBe(403)
    const ok = await sales.post(sales.resource(SI), profile.invoice(fx))
    expect(ok.status).toBe(200)
    expect((ok.body['data'] as Doc)['owner']).toBe('sales@example.com')
  })

  it('needs the delete right to delete', async () => {
    const { sales, fx, profile } = env()
    const doc = await must(sales.post(sales.resource(SI), profile.invoice(fx)), 'insert')
    const res = await sales.delete(sales.resource(SI, String(doc['name'])))
    expect(res.status).toBe(403)
  })

  it('keeps Deleted Document for System Managers only', async () => {
    const { sales } = env()
    expect((await sales.get(sales.resource('Deleted Document'))).status).toBe(403)
  })
}
