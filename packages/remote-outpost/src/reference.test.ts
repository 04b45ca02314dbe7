import type { OutgoingMutation, PullOutcome, PushOutcome } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outpostRemote, type OutpostRemote } from './outpost-remote.ts'
import { startDemo, TOKEN } from './test-support/demo-site.ts'

let site: Awaited<ReturnType<typeof startDemo>>
let remote: OutpostRemote
let item: string

beforeAll(async () => {
  site = await startDemo()
  remote = outpostRemote({ url: site.url, token: TOKEN })
  item = String((await site.list('Item', [['disabled', '=', 0]]))[0]!['name'])
})
afterAll(() => site?.close())

let n = 0
const temp = (slug: string): string => `new-${slug}-00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`
const customer = (customerName: string): Doc => ({ customer_name: customerName, customer_type: 'Company', territory: 'North', customer_group: 'Commercial' })
const invoice = (customerName: string, qty: number): Doc => ({ customer: customerName, company: 'Outpost Demo', posting_date: '2026-11-20', items: [{ item_code: item, qty, rate: 10 }] })

function mutation(kind: OutgoingMutation['kind'], doctype: string, name: string, doc?: Doc, baseModified?: string): OutgoingMutation {
  return { id: `m-${name}-${kind}-${++n}`, kind, doctype, name, outpostId: `o-${name}`, baseModified, doc, maybeApplied: false }
}

type Page = Extract<PullOutcome, { kind: 'page' }>
function page(outcome: PullOutcome): Page {
  if (outcome.kind !== 'page') throw new Error(`expected a page, got ${JSON.stringify(outcome)}`)
  return outcome
}

function results(outcome: Awaited<ReturnType<OutpostRemote['pushBatch']>>): (PushOutcome | undefined)[] {
  if (outcome.kind !== 'results') throw new Error(`expected results, got ${JSON.stringify(outcome)}`)
  return [...outcome.results]
}

/** Pull from `cursor` until the server has nothing more; every page whole. */
async function pullAll(cursor: string | undefined, limit = 7): Promise<{ pages: Page[]; cursor: string | undefined }> {
  const pages: Page[] = []
  for (;;) {
    const p = page(await remote.pull({ doctype: 'Customer', cursor, limit }))
    pages.push(p)
    cursor = p.cursor
    if (!p.hasMore) return { pages, cursor }
  }
}

describe('outpost.sync.pull on the reference server', () => {
  it('boots every readable Customer once in pages, then follows inserts, updates, deletions and renames', async () => {
    const fresh = []
    for (const label of ['Updated', 'Deleted', 'Renamed']) fresh.push(String((await site.insert('Customer', customer(`Change Log ${label}`)))['name']))
    const all = (await site.list('Customer')).map((d) => String(d['name'])).sort()
    const boot = await pullAll(undefined)
    expect(boot.pages.length).toBeGreaterThan(1)
    expect(boot.pages.flatMap((p) => p.docs.map((d) => String(d['name']))).sort()).toEqual(all)
    expect(boot.pages[0]?.total).toBeGreaterThanOrEqual(all.length)

    const added = await site.insert('Customer', customer('Change Log Added'))
    const [first, second, third] = fresh
    await site.update('Customer', first!, { customer_details: 'changed' })
    expect((await site.remove('Customer', second!)).status).toBe(202)
    expect((await site.call('POST', '/api/method/frappe.client.rename_doc', { doctype: 'Customer', old_name: third, new_name: 'CUST-RENAMED' })).status).toBe(200)
    const next = await pullAll(boot.cursor)
    const docs = next.pages.flatMap((p) => p.docs.map((d) => String(d['name'])))
    expect(docs).toEqual(expect.arrayContaining([String(added['name']), first, 'CUST-RENAMED']))
    expect(next.pages.flatMap((p) => p.deleted)).toEqual([second])
    expect(next.pages.flatMap((p) => p.renamed ?? [])).toEqual([{ from: third, to: 'CUST-RENAMED' }])
    expect(next.pages.find((p) => p.docs.some((d) => d['name'] === first))?.docs.find((d) => d['name'] === first)).toMatchObject({ customer_details: 'changed' })
    // Nothing new: an empty page, same position.
    const idle = page(await remote.pull({ doctype: 'Customer', cursor: next.cursor, limit: 7 }))
    expect(idle).toMatchObject({ docs: [], deleted: [], hasMore: false })
  })

  it('shows a restricted user only what get_list shows them', async () => {
    const sales = outpostRemote({ url: site.url, username: 'sales@example.com', password: 'sales' })
    const docs = page(await sales.pull({ doctype: 'Customer', cursor: undefined, limit: 5000 })).docs
    expect(docs.length).toBeGreaterThan(0)
    expect(new Set(docs.map((d) => d['territory']))).toEqual(new Set(['North']))
    // a boot's progress total counts what this user may read, as the pull brings it
    expect(await sales.count!('Customer')).toBe(docs.length)
    expect(await remote.count!('Customer')).toBe((await site.list('Customer')).length)
  })
})

describe('outpost.sync.push on the reference server', () => {
  it('applies a causal chain in one batch, temp names translated, and answers a repeat from what it stored', async () => {
    const c = temp('customer')
    const inv = temp('sales-invoice')
    const batch = [mutation('insert', 'Customer', c, customer('Batch Buyer')), mutation('insert', 'Sales Invoice', inv, invoice(c, 2)), mutation('submit', 'Sales Invoice', inv)]
    const first = results(await remote.pushBatch(batch))
    expect(first.map((r) => r?.kind)).toEqual(['accepted', 'accepted', 'accepted'])
    const [cust, created, submitted] = first.map((r) => (r?.kind === 'accepted' ? r.doc : undefined))
    expect(cust?.['name']).toMatch(/^CUST-/)
    expect(created).toMatchObject({ customer: cust?.['name'], outpost_id: `o-${inv}` })
    expect(submitted).toMatchObject({ name: created?.['name'], docstatus: 1 })
    const count = (await site.list('Customer', [['customer_name', '=', 'Batch Buyer']])).length
    const again = results(await remote.pushBatch(batch.map((m) => ({ ...m, maybeApplied: true }))))
    expect(again.map((r) => (r?.kind === 'accepted' ? r.doc?.['name'] : r?.kind))).toEqual([cust?.['name'], created?.['name'], submitted?.['name']])
    expect(await site.list('Customer', [['customer_name', '=', 'Batch Buyer']])).toHaveLength(count)
  })

  it('refuses with the decoded message and skips what depends on the refusal', async () => {
    const inv = temp('sales-invoice')
    const other = temp('customer')
    const out = results(await remote.pushBatch([mutation('insert', 'Sales Invoice', inv, invoice('CUST-2026-00001', 0)), mutation('submit', 'Sales Invoice', inv), mutation('insert', 'Customer', other, customer('Unrelated'))]))
    expect(out[0]).toMatchObject({ kind: 'rejected', error: { excType: 'ValidationError', httpStatus: 417 } })
    if (out[0]?.kind === 'rejected') expect(out[0].error.message).toContain('cannot be zero')
    expect(out[1]).toBeUndefined()
    expect(out[2]?.kind).toBe('accepted')
  })

  it('answers a stale base with a conflict carrying the server document', async () => {
    const name = String((await site.list('Customer'))[5]!['name'])
    const base = (await site.call('GET', `/api/resource/Customer/${name}`)).body['data'] as Doc
    await site.update('Customer', name, { customer_details: 'server side' })
    const [out] = results(await remote.pushBatch([mutation('update', 'Customer', name, { customer_details: 'client side' }, String(base['modified']))]))
    expect(out).toMatchObject({ kind: 'conflict', error: { excType: 'TimestampMismatchError' }, serverDoc: { name, customer_details: 'server side' } })
  })
})
