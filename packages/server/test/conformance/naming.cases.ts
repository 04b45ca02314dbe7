import { expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import type { CaseGroup } from './env.ts'
import { must } from './profile.ts'

const SI = 'Sales Invoice'
const counter = (name: unknown): number => Number(String(name).split('-').at(-1))

export const namingCases: CaseGroup = (env) => {
  it('gives 20 concurrent inserts on one series 20 distinct, consecutive names', async () => {
    const { admin, fx, profile } = env()
    const results = await Promise.all(Array.from({ length: 20 }, () => admin.post(admin.resource(SI), profile.invoice(fx))))
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200))
    const numbers = results.map((r) => counter((r.body['data'] as Doc)['name'])).sort((a, b) => a - b)
    expect(new Set(numbers).size).toBe(20)
    expect(numbers.at(-1)! - numbers[0]!).toBe(19)
  })

  it('rolls the series counter back when an insert fails', async () => {
    const { admin, fx, profile } = env()
    const before = counter((await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert'))['name'])
    const failed = await admin.post(admin.resource(SI), profile.invoice(fx, { customer: 'Nobody At All' }))
    expect(failed.status).toBe(417)
    const after = counter((await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert'))['name'])
    expect(after).toBe(before + 1)
  })

  it('names a field-named master from its field, and a naming-series master from its series', async () => {
    const { admin, fx, profile, year } = env()
    const uom = await must(admin.post(admin.resource('UOM'), { uom_name: 'Box', name: 'ignored' }), 'uom')
    expect(uom['name']).toBe('Box')
    const customer = await must(admin.post(admin.resource('Customer'), profile.customer(fx, 'Series Named Ltd')), 'customer')
    expect(customer['name']).toMatch(new RegExp(`^CUST-${year}-\\d{5}$`))
  })

  it('gives a deleted newest number back to its series', async () => {
    const { admin, fx, profile } = env()
    const doc = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    expect((await admin.delete(admin.resource(SI, String(doc['name'])))).status).toBe(202)
    const next = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    expect(next['name']).toBe(doc['name'])
  })
}
