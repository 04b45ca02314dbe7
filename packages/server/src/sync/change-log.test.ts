import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { demoProfile } from '../../test/conformance/demo-profile.ts'
import { startEnv, type Env } from '../../test/conformance/env.ts'
import { must } from '../../test/conformance/profile.ts'
import { push, tempNameOf, uuid } from '../../test/sync-harness.ts'
import { addUsers } from '../site.ts'
import { lastSeq } from './change-log.ts'

let env: Env
beforeAll(async () => {
  env = await startEnv(demoProfile)
})
afterAll(() => env.ts.close())

const SI = 'Sales Invoice'

interface Entry { seq: number; doctype: string; name: string; op: string; from_name: string | null }

function head(): Promise<number> {
  return env.ts.site.db.transaction((tx) => lastSeq(tx), { readOnly: true })
}

function entriesAfter(seq: number): Promise<Omit<Entry, 'seq'>[]> {
  return env.ts.site.db.transaction(async (tx) => {
    const rows = await tx.all<Entry & Record<string, string | number | null>>(`SELECT * FROM "__outpost_change" WHERE "seq" > ? ORDER BY "seq"`, [seq])
    return rows.map(({ doctype, name, op, from_name }) => ({ doctype, name, op, from_name }))
  }, { readOnly: true })
}

/** Run `fn` and return the change-log entries it appended. */
async function appended(fn: () => Promise<unknown>): Promise<Omit<Entry, 'seq'>[]> {
  const before = await head()
  await fn()
  return entriesAfter(before)
}

const entry = (doctype: string, name: string, op: string, from_name: string | null = null): Omit<Entry, 'seq'> => ({ doctype, name, op, from_name })

describe('the change log', () => {
  it('appends one entry per insert, update, submit and cancel, in commit order', async () => {
    const { admin, fx, profile } = env
    let invoice: Doc = {}
    expect(await appended(async () => {
      invoice = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    })).toEqual([entry(SI, String(invoice['name']), 'insert')])
    const name = String(invoice['name'])
    expect(await appended(() => must(admin.put(admin.resource(SI, name), { remarks: 'changed' }), 'update'))).toEqual([entry(SI, name, 'update')])
    expect(await appended(() => must(admin.post(admin.resource(SI, name), { run_method: 'submit' }), 'submit'))).toEqual([entry(SI, name, 'submit')])
    expect(await appended(() => must(admin.put(admin.resource(SI, name), { remarks: 'after submit' }), 'update after submit'))).toEqual([entry(SI, name, 'update')])
    expect(await appended(() => must(admin.post(admin.resource(SI, name), { run_method: 'cancel' }), 'cancel'))).toEqual([entry(SI, name, 'cancel')])
    const seqs = await env.ts.site.db.transaction((tx) => tx.all<{ seq: number }>(`SELECT "seq" FROM "__outpost_change" ORDER BY "rowid"`), { readOnly: true })
    expect(seqs.map((r) => r.seq)).toEqual([...seqs.map((r) => r.seq)].sort((a, b) => a - b))
  })

  it('appends a delete, and the Deleted Document it leaves', async () => {
    const { admin, fx, profile } = env
    const invoice = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'insert')
    const name = String(invoice['name'])
    const entries = await appended(async () => expect((await admin.delete(admin.resource(SI, name))).status).toBe(202))
    expect(entries).toContainEqual(entry(SI, name, 'delete'))
    expect(entries.filter((e) => e.doctype === 'Deleted Document').map((e) => e.op)).toEqual(['insert'])
    expect(entries).toHaveLength(2)
  })

  it('appends a rename with the old name', async () => {
    const { admin, fx, profile } = env
    const customer = await must(admin.post(admin.resource('Customer'), profile.customer(fx, 'Renamed Traders')), 'customer')
    const old = String(customer['name'])
    const entries = await appended(() => admin.post('/api/method/frappe.client.rename_doc', { doctype: 'Customer', old_name: old, new_name: 'Renamed Traders Ltd' }))
    expect(entries).toEqual([entry('Customer', 'Renamed Traders Ltd', 'rename', old)])
  })

  it('appends an update for a document a controller changed with set_value (a payment on an invoice)', async () => {
    const { admin, fx, profile } = env
    const invoice = await must(admin.post(admin.resource(SI), { ...profile.invoice(fx), docstatus: 1 }), 'invoice')
    const entries = await appended(() => must(admin.post(admin.resource('Payment Entry'), { ...profile.payment(fx, invoice, 10), docstatus: 1 }), 'payment'))
    expect(entries.map((e) => [e.doctype, e.op])).toEqual([['Payment Entry', 'insert'], [SI, 'update']])
    expect(entries[1]?.name).toBe(invoice['name'])
  })

  it('appends what pushes apply, and nothing for what they refuse', async () => {
    const { admin, fx, profile } = env
    const temp = tempNameOf('Customer')
    const entries = await appended(() => push(admin, [
      { mutation_id: uuid(), kind: 'insert', doctype: 'Customer', name: temp, doc: profile.customer(fx, 'Pushed Traders') },
      { mutation_id: uuid(), kind: 'insert', doctype: SI, name: tempNameOf(SI), doc: { ...profile.invoice(fx), customer: 'No Such Customer' } },
    ]))
    expect(entries.map((e) => [e.doctype, e.op])).toEqual([['Customer', 'insert']])
  })

  it('appends nothing when a request fails and rolls back, whatever it wrote first', async () => {
    const { admin, fx, profile } = env
    // a naming-series number is drawn before validation fails
    expect(await appended(async () => {
      expect((await admin.post(admin.resource(SI), { ...profile.invoice(fx), items: [] })).status).toBe(417)
      expect((await admin.post(admin.resource(SI), profile.invoice(fx, { customer: 'No Such Customer' }))).status).toBe(417)
    })).toEqual([])
    const batch = await appended(async () => {
      const res = await admin.post('/api/method/frappe.client.insert_many', { docs: [{ doctype: 'Customer', ...profile.customer(fx, 'Half Batch') }, { doctype: SI, ...profile.invoice(fx), items: [] }] })
      expect(res.status).toBe(417)
    })
    expect(batch).toEqual([])
  })

  it('appends User Permission and Has Role entries when what a user may read changes, and only then', async () => {
    const user = { email: 'changing@example.com', fullName: 'Changing', roles: ['Sales User'], userPermissions: [{ allow: 'Territory', forValue: 'North' }] }
    const first = await appended(() => addUsers(env.ts.site, [user]))
    expect(first).toEqual([entry('Has Role', user.email, 'update'), entry('User Permission', user.email, 'update', 'Territory')])
    expect(await appended(() => addUsers(env.ts.site, [user]))).toEqual([])
    const changed = await appended(() => addUsers(env.ts.site, [{ ...user, roles: ['Sales User', 'Accounts User'], userPermissions: [{ allow: 'Customer', forValue: 'CUST-X' }] }]))
    expect(changed).toEqual([
      entry('Has Role', user.email, 'update'),
      entry('User Permission', user.email, 'update', 'Territory'),
      entry('User Permission', user.email, 'update', 'Customer'),
    ])
  })
})
