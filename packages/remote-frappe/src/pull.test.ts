import type { PullOutcome, Remote } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frappeRemote } from './frappe-remote.ts'
import { ADMIN_TOKEN, customerDoc, invoiceDoc, SALES_TOKEN, startReferenceSite, type ReferenceSite } from './test-support/reference-site.ts'
import { testClock } from './test-support/test-clock.ts'

type Page = Extract<PullOutcome, { kind: 'page' }>

const T0 = Date.UTC(2026, 2, 15, 9, 0, 0)
const clock = testClock(T0)
let ref: ReferenceSite
let customer: string
const invoices: string[] = []
const admin = (overlapMs: number): Remote => frappeRemote({ url: ref.url, token: ADMIN_TOKEN, overlapMs })

beforeAll(async () => {
  ref = await startReferenceSite({ clock })
  customer = String((await ref.admin.insert('Customer', customerDoc('Northwind Traders')))['name'])
})
afterAll(() => ref.close())

function page(outcome: PullOutcome): Page {
  if (outcome.kind !== 'page') throw new Error(`expected a page, got ${JSON.stringify(outcome)}`)
  return outcome
}

/** Pull from `cursor` until the server has nothing more. */
async function pullAll(remote: Remote, doctype: string, cursor: string | undefined, limit: number): Promise<{ pages: Page[]; cursor: string | undefined }> {
  const pages: Page[] = []
  for (let i = 0; i < 100; i++) {
    const p = page(await remote.pull({ doctype, cursor, limit }))
    pages.push(p)
    cursor = p.cursor
    if (!p.hasMore) return { pages, cursor }
  }
  throw new Error('pull never ended')
}

const names = (pages: readonly Page[]): string[] => pages.flatMap((p) => p.docs.map((d) => String(d['name'])))

describe('pull', () => {
  it('pages through every document once, with child rows attached in idx order', async () => {
    for (let i = 0; i < 25; i++) {
      const items = [{ item_code: 'Gadget', qty: i + 1, rate: 10 }, { item_code: 'Widget', qty: 1, rate: 50 }, { item_code: 'Gadget', qty: 2, rate: 10 }]
      invoices.push(String((await ref.admin.insert('Sales Invoice', invoiceDoc(customer, { items })))['name']))
    }
    const { pages } = await pullAll(admin(60_000), 'Sales Invoice', undefined, 10)
    expect(pages.map((p) => [p.docs.length, p.hasMore, p.total])).toEqual([[10, true, 25], [10, true, 25], [5, false, 25]])
    expect(names(pages)).toEqual(invoices)
    for (const [i, doc] of pages.flatMap((p) => p.docs).entries()) {
      const items = doc['items'] as Doc[]
      expect(items.map((r) => [r['idx'], r['item_code'], r['qty'], r['parent'], r['parentfield']])).toEqual([
        [1, 'Gadget', i + 1, doc['name'], 'items'], [2, 'Widget', 1, doc['name'], 'items'], [3, 'Gadget', 2, doc['name'], 'items'],
      ])
      expect(doc['taxes']).toEqual([])
      expect(doc).toMatchObject({ doctype: 'Sales Invoice', customer, docstatus: 0 })
      expect(Object.values(doc)).not.toContain(null)
    }
  })

  it('pulls only what changed since the cursor', async () => {
    const remote = admin(0)
    const { cursor } = await pullAll(remote, 'Sales Invoice', undefined, 10)
    clock.at(T0 + 60_000)
    await ref.admin.call('PUT', `/api/resource/Sales Invoice/${invoices[3] ?? ''}`, { remarks: 'Changed later' })
    const next = page(await remote.pull({ doctype: 'Sales Invoice', cursor, limit: 10 }))
    expect(next.docs.map((d) => [d['name'], d['remarks'], (d['items'] as Doc[]).length])).toEqual([[invoices[3], 'Changed later', 3]])
    expect(next).toMatchObject({ hasMore: false, deleted: [], total: undefined })
    expect(page(await remote.pull({ doctype: 'Sales Invoice', cursor: next.cursor, limit: 10 })).docs).toEqual([])
  })

  it('re-reads an overlap window: a commit stamped before the cursor but seen late is not skipped', async () => {
    clock.at(T0 + 120_000)
    const early = String((await ref.admin.insert('Sales Invoice', invoiceDoc(customer)))['name'])
    const { cursor } = await pullAll(admin(0), 'Sales Invoice', undefined, 50)
    // A save stamped 10 s before the last pulled row, committed only now.
    clock.at(T0 + 110_000)
    const late = String((await ref.admin.insert('Sales Invoice', invoiceDoc(customer)))['name'])
    expect(page(await admin(0).pull({ doctype: 'Sales Invoice', cursor, limit: 50 })).docs).toEqual([])
    const withOverlap = page(await admin(30_000).pull({ doctype: 'Sales Invoice', cursor, limit: 50 }))
    expect(names([withOverlap])).toEqual([late, early])
    invoices.push(early, late)
  })

  it('pages correctly through documents that share one modified stamp', async () => {
    clock.at(T0 + 200_000)
    clock.freeze(true)
    for (let i = 0; i < 5; i++) await ref.admin.insert('Customer', customerDoc(`Tied ${String(i)}`))
    clock.freeze(false)
    const { pages } = await pullAll(admin(60_000), 'Customer', undefined, 2)
    expect(pages.map((p) => p.docs.length)).toEqual([2, 2, 2])
    const all = names(pages)
    expect(new Set(all).size).toBe(6)
    expect(all).toHaveLength(6)
  })

  it('reports deletions from Deleted Document to a System Manager', async () => {
    const remote = admin(5_000)
    const { cursor } = await pullAll(remote, 'Sales Invoice', undefined, 50)
    clock.at(T0 + 300_000)
    const gone = invoices[0] ?? ''
    expect((await ref.admin.call('DELETE', `/api/resource/Sales Invoice/${gone}`)).status).toBe(202)
    const next = page(await remote.pull({ doctype: 'Sales Invoice', cursor, limit: 50 }))
    expect(next.deleted).toEqual([gone])
    expect(remote.capabilities.deletions).toBe(true)
  })

  it('falls back to no deletions when Deleted Document is forbidden (403)', async () => {
    const sales = frappeRemote({ url: ref.url, token: SALES_TOKEN })
    expect(sales.capabilities.deletions).toBe(true)
    const { cursor } = await pullAll(sales, 'Sales Invoice', undefined, 50)
    clock.at(T0 + 400_000)
    await ref.admin.call('DELETE', `/api/resource/Sales Invoice/${invoices[1] ?? ''}`)
    const next = page(await sales.pull({ doctype: 'Sales Invoice', cursor, limit: 50 }))
    expect(next.deleted).toEqual([])
    expect(sales.capabilities).toEqual({ idempotentPush: false, changeLog: false, deletions: false, tempNameResolution: false, batchPush: false, visibilityHints: false, realtime: true })
  })
})

/** Insert an invoice, delete it (the newest of its series: its number goes back), insert again: the name both took. */
async function nameGivenBack(at: number): Promise<string> {
  clock.at(at)
  const reused = String((await ref.admin.insert('Sales Invoice', invoiceDoc(customer)))['name'])
  clock.at(at + 100_000)
  await ref.admin.call('DELETE', `/api/resource/Sales Invoice/${reused}`)
  clock.at(at + 200_000)
  expect((await ref.admin.insert('Sales Invoice', invoiceDoc(customer)))['name']).toBe(reused)
  return reused
}

describe('deletions during and around a run', () => {
  it('reports a deletion made during a long run, however new the later stamps are', async () => {
    const remote = admin(5_000)
    const first = page(await remote.pull({ doctype: 'Sales Invoice', cursor: undefined, limit: 10 }))
    const victim = String(first.docs[2]?.['name'])
    clock.at(T0 + 500_000)
    expect((await ref.admin.call('DELETE', `/api/resource/Sales Invoice/${victim}`)).status).toBe(202)
    // The run's last row is stamped ten minutes after the deletion.
    clock.at(T0 + 1_100_000)
    await ref.admin.call('PUT', `/api/resource/Sales Invoice/${invoices[10] ?? ''}`, { remarks: 'Much later' })
    const rest = await pullAll(remote, 'Sales Invoice', first.cursor, 10)
    expect(rest.pages.flatMap((p) => p.deleted)).toContain(victim)
    expect(names(rest.pages)).not.toContain(victim)
  })

  it('does not report a deletion of a name the page delivers re-created', async () => {
    const remote = admin(5_000)
    const { cursor } = await pullAll(remote, 'Sales Invoice', undefined, 50)
    const reused = await nameGivenBack(T0 + 1_200_000)
    const next = page(await remote.pull({ doctype: 'Sales Invoice', cursor, limit: 50 }))
    expect(names([next])).toContain(reused)
    expect(next.deleted).not.toContain(reused)
  })

  it('does not report it either when an earlier pull delivered the re-created document', async () => {
    const remote = admin(5_000)
    const { cursor } = await pullAll(remote, 'Sales Invoice', undefined, 50)
    const reused = await nameGivenBack(T0 + 1_500_000)
    const delivered = await pullAll(remote, 'Sales Invoice', cursor, 50)
    expect(names(delivered.pages)).toContain(reused)
    // Later writes move the documents' cursor past the re-created one; the deletion, still the
    // newest, is read again by each pull (its own overlap window): the name holds a document now.
    clock.at(T0 + 1_750_000)
    await ref.admin.call('PUT', `/api/resource/Sales Invoice/${invoices[11] ?? ''}`, { remarks: 'Later still' })
    const moved = await pullAll(remote, 'Sales Invoice', delivered.cursor, 50)
    clock.at(T0 + 1_760_000)
    const later = page(await remote.pull({ doctype: 'Sales Invoice', cursor: moved.cursor, limit: 50 }))
    expect(names([later])).not.toContain(reused)
    expect([...moved.pages.flatMap((p) => p.deleted), ...later.deleted]).not.toContain(reused)
    // once the document under that name is deleted too, the deletion is reported
    clock.at(T0 + 1_800_000)
    await ref.admin.call('DELETE', `/api/resource/Sales Invoice/${reused}`)
    const gone = page(await remote.pull({ doctype: 'Sales Invoice', cursor: later.cursor, limit: 50 }))
    expect(gone.deleted).toContain(reused)
  })
})

describe('listNames and getDocTypes', () => {
  it('lists every name in chunks', async () => {
    const expected = (await ref.admin.call('GET', '/api/resource/Sales Invoice?limit_page_length=0&order_by=name%20asc')).body['data'] as Doc[]
    expect(expected.length).toBeGreaterThan(20)
    for (const pageSize of [4, 5, expected.length, 1000]) {
      const result = await frappeRemote({ url: ref.url, token: ADMIN_TOKEN, pageSize }).listNames('Sales Invoice')
      expect(result).toEqual({ kind: 'ok', value: expected.map((d) => d['name']) })
    }
    // frappe.client.get_count: a boot's progress total
    expect(await frappeRemote({ url: ref.url, token: ADMIN_TOKEN }).count!('Sales Invoice')).toBe(expected.length)
  })

  it('loads the DocType with its child DocTypes', async () => {
    const result = await admin(0).getDocTypes('Sales Invoice')
    expect(result.kind).toBe('ok')
    if (result.kind !== 'ok') return
    expect(result.value.map((d) => (d as { name: string }).name)).toEqual(expect.arrayContaining(['Sales Invoice', 'Sales Invoice Item', 'Sales Taxes and Charges']))
  })
})
