import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoDocTypes } from '../demo/doctypes.ts'
import { serverMessages, startTestSite, type TestSite } from '../../test/harness.ts'

const dir = mkdtempSync(join(tmpdir(), 'outpost-custom-field-'))
const dbPath = join(dir, 'site.db')
let t: TestSite
const users = [{ email: 'sales@example.com', fullName: 'Sam Sales', roles: ['Sales User'], apiKey: 'sales-key', apiSecret: 'sales-secret-0123456789' }]

beforeAll(async () => {
  t = await startTestSite({ doctypes: loadDemoDocTypes(), users, dbPath })
})
afterAll(async () => {
  await t.close()
  rmSync(dir, { recursive: true, force: true })
})

const fieldsOf = async (doctype: string): Promise<Record<string, unknown>[]> => {
  const res = await t.admin.get('/api/method/frappe.desk.form.load.getdoctype', { doctype })
  const docs = res.body['docs'] as Record<string, unknown>[]
  return docs[0]!['fields'] as Record<string, unknown>[]
}
const modifiedOf = async (doctype: string): Promise<string> => {
  const res = await t.admin.get('/api/method/frappe.desk.form.load.getdoctype', { doctype })
  return String((res.body['docs'] as Record<string, unknown>[])[0]!['modified'])
}

describe('Custom Field', () => {
  it('adds a field to the DocType meta and its table, named <DocType>-<fieldname>', async () => {
    const before = await modifiedOf('Customer')
    const res = await t.admin.post(t.admin.resource('Custom Field'), { dt: 'Customer', label: 'Loyalty Tier', fieldtype: 'Data', insert_after: 'customer_name' })
    expect(res.status).toBe(200)
    expect((res.body['data'] as Record<string, unknown>)['name']).toBe('Customer-loyalty_tier')
    const fields = await fieldsOf('Customer')
    const at = fields.findIndex((f) => f['fieldname'] === 'loyalty_tier')
    expect(fields[at - 1]?.['fieldname']).toBe('customer_name')
    expect(fields[at]).toMatchObject({ fieldtype: 'Data', is_custom_field: 1, label: 'Loyalty Tier' })
    expect(await modifiedOf('Customer') > before).toBe(true)
    const saved = await t.admin.post(t.admin.resource('Customer'), { customer_name: 'Tiered Co', loyalty_tier: 'Gold' })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
    const name = String((saved.body['data'] as Record<string, unknown>)['name'])
    const list = await t.admin.get(t.admin.resource('Customer'), { fields: ['name', 'loyalty_tier'], filters: [['loyalty_tier', '=', 'Gold']] })
    expect(list.body['data']).toEqual([{ name, loyalty_tier: 'Gold' }])
  })

  it('creates the unique outpost_id field a stock site needs, once', async () => {
    const field = { dt: 'Sales Invoice', fieldname: 'outpost_id', label: 'Outpost ID', fieldtype: 'Data', unique: 1, no_copy: 1, read_only: 1, hidden: 1 }
    expect((await t.admin.post(t.admin.resource('Custom Field'), field)).status).toBe(200)
    expect((await fieldsOf('Sales Invoice')).find((f) => f['fieldname'] === 'outpost_id')).toMatchObject({ unique: 1, no_copy: 1, hidden: 1, is_custom_field: 1 })
    const again = await t.admin.post(t.admin.resource('Custom Field'), field)
    expect(again.status).toBe(409)
    expect(again.body['exc_type']).toBe('DuplicateEntryError')
  })

  it('refuses bad fields with a clear message and changes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ dt: 'No Such DocType', fieldname: 'x', fieldtype: 'Data' }, 'DocType No Such DocType not found'],
      [{ dt: 'Customer', fieldname: 'customer_name', fieldtype: 'Data' }, 'already exists in Customer'],
      [{ dt: 'Customer', fieldname: 'modified', fieldtype: 'Data' }, 'standard field'],
      [{ dt: 'Customer', fieldname: 'Bad Name;--', fieldtype: 'Data' }, 'is not valid'],
      [{ dt: 'Customer', fieldname: 'ok_name', fieldtype: 'Wormhole' }, 'Field Type Wormhole is not valid'],
      [{ dt: 'Customer', fieldname: 'ref', fieldtype: 'Link', options: 'Nowhere' }, 'must name a DocType'],
    ]
    const before = await fieldsOf('Customer')
    for (const [body, message] of cases) {
      const res = await t.admin.post(t.admin.resource('Custom Field'), body)
      expect(res.status, JSON.stringify(body)).toBe(417)
      expect(serverMessages(res.body).join(' ')).toContain(message)
    }
    expect(await fieldsOf('Customer')).toEqual(before)
  })

  it('is for System Managers only', async () => {
    const sales = t.api.as('sales-key:sales-secret-0123456789')
    const res = await sales.post(t.admin.resource('Custom Field'), { dt: 'Customer', fieldname: 'sneaky', fieldtype: 'Data' })
    expect([401, 403]).toContain(res.status)
    expect((await fieldsOf('Customer')).some((f) => f['fieldname'] === 'sneaky')).toBe(false)
  })

  it('leaves the meta when deleted, and the site reopens with the fields it keeps', async () => {
    await t.admin.post(t.admin.resource('Custom Field'), { dt: 'Item', fieldname: 'shelf', fieldtype: 'Data' })
    expect((await t.admin.delete(t.admin.resource('Custom Field', 'Item-shelf'))).status).toBe(202)
    expect((await fieldsOf('Item')).some((f) => f['fieldname'] === 'shelf')).toBe(false)
    await t.close()
    t = await startTestSite({ doctypes: loadDemoDocTypes(), users, dbPath })
    const fields = await fieldsOf('Customer')
    expect(fields.some((f) => f['fieldname'] === 'loyalty_tier')).toBe(true)
    expect((await fieldsOf('Item')).some((f) => f['fieldname'] === 'shelf')).toBe(false)
  })
})
