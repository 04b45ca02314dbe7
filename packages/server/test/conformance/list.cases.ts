import { beforeAll, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import type { CaseGroup } from './env.ts'
import { must } from './profile.ts'

const SI = 'Sales Invoice'

export const listCases: CaseGroup = (env) => {
  const created: Doc[] = []
  beforeAll(async () => {
    const { admin, fx, profile } = env()
    for (let i = 0; i < 25; i++) {
      const customer = i % 5 === 0 ? fx.southCustomer : fx.northCustomer
      const territory = i % 5 === 0 ? 'South' : 'North'
      const doc = profile.invoice(fx, { customer, territory, posting_date: `2026-02-${String(i + 1).padStart(2, '0')}`, remarks: i % 2 ? `odd ${i}` : null, po_no: `PO-${i}` })
      created.push(await must(admin.post(admin.resource(SI), doc), 'insert'))
    }
  })
  const list = async (query: Record<string, unknown>): Promise<Doc[]> => {
    const { admin } = env()
    return (await must(admin.get(admin.resource(SI), query), 'list')) as unknown as Doc[]
  }
  const batch = { filters: [['po_no', 'like', 'PO-%']] }

  it('returns 20 names by default, all with limit_page_length=0', async () => {
    const page = await list(batch)
    expect(page).toHaveLength(20)
    expect(Object.keys(page[0]!)).toEqual(['name'])
    expect(await list({ ...batch, limit_page_length: 0 })).toHaveLength(25)
  })

  it('selects fields, orders and pages', async () => {
    const rows = await list({ ...batch, fields: ['name', 'posting_date', 'customer'], order_by: 'posting_date desc', limit_page_length: 5, limit_start: 2 })
    expect(rows.map((r) => r['posting_date'])).toEqual(['2026-02-23', '2026-02-22', '2026-02-21', '2026-02-20', '2026-02-19'])
    expect(Object.keys(rows[0]!)).toEqual(['name', 'posting_date', 'customer'])
  })

  it('accepts filters as a dict, a list of lists, and 4-tuples', async () => {
    const { fx } = env()
    const dict = await list({ filters: { customer: fx.southCustomer, po_no: ['like', 'PO-%'] }, limit_page_length: 0 })
    expect(dict).toHaveLength(5)
    const tuples = await list({ filters: [[SI, 'customer', '=', fx.southCustomer], ['po_no', 'like', 'PO-%']], limit_page_length: 0 })
    expect(tuples).toHaveLength(5)
  })

  it('supports every comparison operator', async () => {
    const count = async (filter: unknown[]): Promise<number> => (await list({ filters: [...batch.filters, filter], limit_page_length: 0 })).length
    expect(await count(['posting_date', '>', '2026-02-20'])).toBe(5)
    expect(await count(['posting_date', '>=', '2026-02-20'])).toBe(6)
    expect(await count(['posting_date', '<', '2026-02-03'])).toBe(2)
    expect(await count(['posting_date', '<=', '2026-02-03'])).toBe(3)
    expect(await count(['posting_date', '!=', '2026-02-03'])).toBe(24)
    expect(await count(['posting_date', 'between', ['2026-02-10', '2026-02-12']])).toBe(3)
    expect(await count(['po_no', 'in', ['PO-1', 'PO-2', 'PO-99']])).toBe(2)
    expect(await count(['po_no', 'in', 'PO-1, PO-2'])).toBe(2)
    expect(await count(['po_no', 'not in', ['PO-1', 'PO-2']])).toBe(23)
    expect(await count(['remarks', 'is', 'set'])).toBe(12)
    expect(await count(['remarks', 'is', 'not set'])).toBe(13)
    expect(await count(['remarks', 'like', 'odd 1%'])).toBe(6)
    expect(await count(['remarks', 'not like', 'odd%'])).toBe(13)
  })

  it('compares text without regard to case, as MariaDB does', async () => {
    expect(await list({ filters: [['po_no', '=', 'po-3']], limit_page_length: 0 })).toHaveLength(1)
    expect(await list({ filters: [['po_no', 'in', ['po-3', 'PO-4']]], limit_page_length: 0 })).toHaveLength(2)
  })

  it('ORs or_filters and ANDs them with filters', async () => {
    const rows = await list({ ...batch, or_filters: [['po_no', '=', 'PO-1'], ['po_no', '=', 'PO-2']], limit_page_length: 0 })
    expect(rows).toHaveLength(2)
  })

  it('filters on a child table with the 4-tuple form', async () => {
    const { fx } = env()
    const rows = await list({ filters: [['Sales Invoice Item', 'item_code', '=', fx.items[1]], ...batch.filters], limit_page_length: 0 })
    expect(rows).toHaveLength(25)
  })

  it('moves a filter on a child-only field onto the child table, as Frappe does', async () => {
    const { fx } = env()
    const rows = await list({ filters: [['item_code', '=', fx.items[1]], ...batch.filters], limit_page_length: 0 })
    expect(rows).toHaveLength(25)
    expect(await list({ filters: [['item_code', '=', 'Nope'], ...batch.filters], limit_page_length: 0 })).toHaveLength(0)
  })

  it('returns rows as lists with as_dict=0', async () => {
    const rows = (await list({ ...batch, fields: ['name', 'po_no'], as_dict: 0, limit_page_length: 1, order_by: 'po_no asc' })) as unknown as unknown[][]
    expect(Array.isArray(rows[0])).toBe(true)
    expect(rows[0]![1]).toBe('PO-0')
  })

  it('filters descendants of a tree node', async () => {
    const { admin } = env()
    const rows = (await must(admin.get(admin.resource('Territory'), { filters: [['name', 'descendants of', 'All Territories']], limit_page_length: 0 }), 'tree')) as unknown as Doc[]
    expect(rows.map((r) => r['name']).sort()).toEqual(['North', 'South'])
  })

  it('counts with frappe.client.get_count', async () => {
    const { admin, fx } = env()
    const res = await admin.get('/api/method/frappe.client.get_count', { doctype: SI, filters: { customer: fx.southCustomer, po_no: ['like', 'PO-%'] } })
    expect(res.body).toEqual({ message: 5 })
  })

  it('lists child rows only through their parent', async () => {
    const { admin } = env()
    const without = await admin.get(admin.resource('Sales Invoice Item'))
    expect(without.status).toBe(403)
    const rows = await must(admin.get(admin.resource('Sales Invoice Item'), { parent: SI, fields: ['name', 'parent'], limit_page_length: 3 }), 'child list')
    expect(rows as unknown as Doc[]).toHaveLength(3)
  })

  it('searches Links with frappe.desk.search.search_link', async () => {
    const { admin, fx } = env()
    const res = await admin.get('/api/method/frappe.desk.search.search_link', { doctype: 'Customer', txt: 'north' })
    const results = res.body['message'] as Doc[]
    expect(results.map((r) => r['value'])).toContain(fx.northCustomer)
    expect(results.every((r) => typeof r['description'] === 'string')).toBe(true)
    const items = (await admin.get('/api/method/frappe.desk.search.search_link', { doctype: 'Item', txt: 'g' })).body['message'] as Doc[]
    // names starting with the text come first, then by name
    expect(items.map((r) => r['value'])).toEqual(['Gadget', 'Gizmo', 'Widget'])
  })
}
