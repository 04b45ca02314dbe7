import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { demoProfile } from '../../test/conformance/demo-profile.ts'
import { startEnv, type Env } from '../../test/conformance/env.ts'
import type { Api } from '../../test/harness.ts'
import { push, tempNameOf, uuid } from '../../test/sync-harness.ts'

let env: Env
const SI = 'Sales Invoice'
const PE = 'Payment Entry'

beforeAll(async () => {
  env = await startEnv(demoProfile)
})
afterAll(() => env.ts.close())

type Mutation = Record<string, unknown>

const insert = (doctype: string, doc: Doc, name = tempNameOf(doctype)): Mutation => ({ mutation_id: uuid(), outpost_id: uuid(), kind: 'insert', doctype, name, base_modified: null, doc })
const change = (kind: string, doctype: string, name: string, doc?: Doc, baseModified: string | null = null): Mutation => ({ mutation_id: uuid(), kind, doctype, name, base_modified: baseModified, ...(doc ? { doc } : {}) })
const customer = (name: string): Doc => env.profile.customer(env.fx, name)
const invoice = (overrides: Doc = {}): Doc => env.profile.invoice(env.fx, overrides)

async function count(doctype: string): Promise<number> {
  return env.ts.site.db.transaction(async (tx) => Number((await tx.get<{ n: number }>(`SELECT count(*) AS n FROM "tab${doctype}"`))?.n), { readOnly: true })
}

async function pushOk(api: Api, mutations: Mutation[]): Promise<Record<string, unknown>[]> {
  const res = await push(api, mutations)
  expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200)
  expect(res.results.map((r) => r['mutation_id'])).toEqual(mutations.map((m) => m['mutation_id']))
  return res.results
}

const docOf = (result: Record<string, unknown> | undefined): Doc => (result?.['doc'] ?? {}) as Doc

describe('outpost.sync.push: results', () => {
  it('accepts an insert, named by the server, and answers its document', async () => {
    const m = insert('Customer', customer('Pushed Customer'))
    const [r] = await pushOk(env.admin, [m])
    expect(Object.keys(r!).sort()).toEqual(['doc', 'mutation_id', 'status'])
    expect(r).toMatchObject({ status: 'accepted', doc: { customer_name: 'Pushed Customer', outpost_id: m['outpost_id'] } })
    expect(String(docOf(r)['name'])).toMatch(/^CUST-/)
    expect(docOf(r)).toEqual((await env.admin.get(env.admin.resource('Customer', String(docOf(r)['name'])))).body['data'])
  })

  it('rejects with Frappe\'s exception, HTTP status and decoded messages', async () => {
    const [empty, link] = await pushOk(env.admin, [insert(SI, invoice({ items: [] })), insert(SI, invoice({ customer: 'No Such Customer' }))])
    expect(empty).toMatchObject({ status: 'rejected', http_status: 417 })
    expect(typeof empty!['exc_type']).toBe('string')
    expect(link).toMatchObject({ status: 'rejected', exc_type: 'LinkValidationError', http_status: 417 })
    const messages = link!['messages'] as string[]
    expect(messages.length).toBeGreaterThan(0)
    expect(messages.join(' ')).toContain('No Such Customer')
    expect(messages.every((s) => !s.startsWith('{'))).toBe(true)
    expect(link!['message']).toContain('No Such Customer')
  })

  it('answers a conflict with the server\'s document when base_modified is stale', async () => {
    const [created] = await pushOk(env.admin, [insert(SI, invoice())])
    const name = String(docOf(created)['name'])
    const base = String(docOf(created)['modified'])
    const [first, stale, skipped] = await pushOk(env.admin, [
      change('update', SI, name, { remarks: 'first' }, base),
      change('update', SI, name, { remarks: 'second' }, base),
      change('update', SI, name, { remarks: 'third' }, null),
    ])
    expect(first).toMatchObject({ status: 'accepted', doc: { remarks: 'first' } })
    expect(stale).toMatchObject({ status: 'conflict', exc_type: 'TimestampMismatchError', doc: { name, remarks: 'first', modified: docOf(first)['modified'] } })
    expect(typeof stale!['message']).toBe('string')
    expect(skipped).toMatchObject({ status: 'skipped' })
    expect(String(skipped!['reason'])).toContain(String(stale!['mutation_id']))
    const [lastWriteWins] = await pushOk(env.admin, [change('update', SI, name, { remarks: 'no base' }, null)])
    expect(lastWriteWins).toMatchObject({ status: 'accepted', doc: { remarks: 'no base' } })
  })

  it('skips the mutations that depend on a refused one: same document, or naming its temp name', async () => {
    const bad = insert('Customer', { customer_type: 'Company' })
    const temp = String(bad['name'])
    const results = await pushOk(env.admin, [
      bad,
      insert(SI, invoice({ customer: temp })),
      change('update', 'Customer', temp, { customer_name: 'Fixed' }),
      insert('Customer', customer('Independent')),
    ])
    expect(results.map((r) => r['status'])).toEqual(['rejected', 'skipped', 'skipped', 'accepted'])
    expect(String(results[1]!['reason'])).toContain(temp)
  })

  it('keeps nothing of a refusal between accepted mutations, and each accepted one once', async () => {
    const [customers, invoices] = [await count('Customer'), await count(SI)]
    const c = insert('Customer', customer('Around A Refusal'))
    const batch = [
      c,
      insert(SI, invoice({ customer: c['name'] })),
      insert(SI, invoice({ customer: 'No Such Customer' })),
      insert(SI, invoice({ customer: c['name'] })),
      insert(SI, invoice({ items: [] })),
      insert(SI, invoice({ customer: c['name'] })),
    ]
    const results = await pushOk(env.admin, batch)
    expect(results.map((r) => r['status'])).toEqual(['accepted', 'accepted', 'rejected', 'accepted', 'rejected', 'accepted'])
    expect([await count('Customer'), await count(SI)]).toEqual([customers + 1, invoices + 3])
    // A refused insert gives its series number back: the accepted ones are consecutive.
    const numbers = [1, 3, 5].map((i) => Number(/(\d+)$/.exec(String(docOf(results[i])['name']))?.[1]))
    expect(numbers).toEqual([numbers[0], numbers[0]! + 1, numbers[0]! + 2])
    expect(results.filter((r) => r['status'] === 'accepted').every((r) => docOf(r)['customer'] === undefined || docOf(r)['customer'] === docOf(results[0])['name'])).toBe(true)
    // Sent again: the stored answers, nothing applied twice; the refusals are judged again.
    const again = await pushOk(env.admin, batch)
    expect(again.map((r) => r['status'])).toEqual(['accepted', 'accepted', 'rejected', 'accepted', 'rejected', 'accepted'])
    expect([1, 3, 5].map((i) => docOf(again[i])['name'])).toEqual([1, 3, 5].map((i) => docOf(results[i])['name']))
    expect([await count('Customer'), await count(SI)]).toEqual([customers + 1, invoices + 3])
  })

  it('submits, cancels and deletes through the same rules as REST', async () => {
    const draft = insert(SI, invoice())
    const other = insert(SI, invoice())
    const submitted = insert(SI, { ...invoice(), docstatus: 1 })
    const temp = String(draft['name'])
    const results = await pushOk(env.admin, [
      draft, change('submit', SI, temp), change('cancel', SI, temp), other, change('delete', SI, String(other['name'])),
      submitted, change('delete', SI, String(submitted['name'])),
    ])
    expect(results.map((r) => r['status'])).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'accepted', 'rejected'])
    expect(results.slice(0, 3).map((r) => docOf(r)['docstatus'])).toEqual([0, 1, 2])
    expect(results[4]).toEqual({ mutation_id: results[4]!['mutation_id'], status: 'accepted' })
    // the deleted invoice was the newest of its series: its number went back, to the next insert
    expect(docOf(results[5])['name']).toBe(docOf(results[3])['name'])
    expect((await env.admin.get(env.admin.resource(SI, String(docOf(results[3])['name'])))).body['data']).toMatchObject({ outpost_id: submitted['outpost_id'] })
    expect(results[6]).toMatchObject({ exc_type: 'ValidationError', http_status: 417 })
    expect(String(results[6]!['message'])).toContain('Cancel it first')
    const [notSubmittable] = await pushOk(env.admin, [change('submit', 'Customer', env.fx.northCustomer)])
    expect(notSubmittable).toMatchObject({ status: 'rejected', exc_type: 'ValidationError' })
  })
})

describe('outpost.sync.push: a name given back to its series', () => {
  it('refuses a late delete of a document whose name a later insert took: that document stays', async () => {
    const first = insert(SI, invoice())
    const name = String(docOf((await pushOk(env.admin, [first]))[0])['name'])
    const deleteFirst = (): Mutation => ({ ...change('delete', SI, name), outpost_id: first['outpost_id'] })
    // one replica deletes it; the newest of its series, its number goes back to the next insert
    const next = insert(SI, invoice())
    const [gone, reused] = await pushOk(env.admin, [deleteFirst(), next])
    expect(gone).toMatchObject({ status: 'accepted' })
    expect(docOf(reused)['name']).toBe(name)
    // another replica that saw the first document deletes it too, late
    const [late] = await pushOk(env.admin, [deleteFirst()])
    expect(late).toMatchObject({ status: 'rejected', exc_type: 'DoesNotExistError' })
    expect(String(late!['message'])).toContain('the name now holds another one')
    expect((await env.admin.get(env.admin.resource(SI, name))).body['data']).toMatchObject({ outpost_id: next['outpost_id'] })
    // a delete of the document it names now goes through
    const [own] = await pushOk(env.admin, [{ ...change('delete', SI, name), outpost_id: next['outpost_id'] }])
    expect(own).toMatchObject({ status: 'accepted' })
  })
})

describe('outpost.sync.push: idempotency', () => {
  it('answers a repeated mutation id with the stored result and applies nothing', async () => {
    const m = insert('Customer', customer('Only Once'))
    const before = await count('Customer')
    const first = await push(env.admin, [m])
    const again = await push(env.admin, [m, m])
    expect(await count('Customer')).toBe(before + 1)
    expect(again.results).toEqual([first.results[0], first.results[0]])
  })

  it('a mutation id twice in one batch, near or far apart (stored results are read ahead): applied once', async () => {
    const m = insert('Customer', customer('Twice In One Batch'))
    const between = Array.from({ length: 40 }, (_, i) => insert('Customer', customer(`Between ${i}`)))
    const stored = insert('Customer', customer('Stored Before'))
    await pushOk(env.admin, [stored])
    const before = await count('Customer')
    const results = await pushOk(env.admin, [m, m, stored, ...between, m, stored])
    expect(await count('Customer')).toBe(before + 41)
    expect(results[0]).toMatchObject({ status: 'accepted' })
    for (const i of [1, 43]) expect(results[i]).toEqual(results[0])
    for (const i of [2, 44]) expect(results[i]).toMatchObject({ status: 'accepted', doc: { customer_name: 'Stored Before' } })
  })

  it('a lost answer: the same batch again creates nothing more and answers the same', async () => {
    const c = insert('Customer', customer('Lost Answer Traders'))
    const batch = [c, insert(SI, invoice({ customer: c['name'] })), insert(SI, invoice({ items: [] }))]
    const counts = async (): Promise<number[]> => [await count('Customer'), await count(SI), await count('Deleted Document')]
    const before = await counts()
    const first = await push(env.admin, batch)
    const afterFirst = await counts()
    const second = await push(env.admin, batch)
    expect(await counts()).toEqual(afterFirst)
    expect(afterFirst).toEqual([before[0]! + 1, before[1]! + 1, before[2]])
    expect(second.results.slice(0, 2)).toEqual(first.results.slice(0, 2))
    expect(second.results[2]).toMatchObject({ status: 'rejected' })
  })

  it('refuses a mutation id already used for another change, and still answers the change it was used for', async () => {
    const first = insert('Customer', customer('First Use Of An Id'))
    const [answered] = await pushOk(env.admin, [first])
    const before = await count('Customer')
    const reused = { ...insert('Customer', customer('Reused Id')), mutation_id: first['mutation_id'] }
    const otherDocType = { ...insert(SI, invoice()), mutation_id: first['mutation_id'] }
    const [r1, r2, r3] = await pushOk(env.admin, [reused, otherDocType, first])
    for (const r of [r1, r2]) {
      expect(r).toMatchObject({ status: 'rejected', exc_type: 'ValidationError' })
      expect(String(r!['message'])).toContain('already used for another change')
      expect(r).not.toHaveProperty('doc')
    }
    expect(r3).toEqual(answered)
    expect(await count('Customer')).toBe(before)
  })

  it('never hands one user\'s stored answer to another', async () => {
    const m = insert('Customer', customer('Private Answer'))
    await pushOk(env.admin, [m])
    const [other] = await pushOk(env.sales, [m])
    expect(other).toMatchObject({ status: 'rejected', exc_type: 'PermissionError', http_status: 403 })
    expect(other).not.toHaveProperty('doc')
  })

  it('refuses a second insert of an already resolved temp name under a new mutation id', async () => {
    const m = insert('Customer', customer('Twice Inserted'))
    await pushOk(env.admin, [m])
    const [again] = await pushOk(env.admin, [{ ...m, mutation_id: uuid(), outpost_id: uuid() }])
    expect(again).toMatchObject({ status: 'rejected', exc_type: 'DuplicateEntryError', http_status: 409 })
  })
})

describe('outpost.sync.push: temp names', () => {
  it('translates a temp name within a batch (a Customer and its invoice)', async () => {
    const c = insert('Customer', customer('Offline Customer'))
    const [cr, ir] = await pushOk(env.admin, [c, insert(SI, invoice({ customer: c['name'] }))])
    expect(ir).toMatchObject({ status: 'accepted', doc: { customer: docOf(cr)['name'], customer_name: 'Offline Customer' } })
  })

  it('translates a temp name resolved by an earlier batch, including the mutation\'s own name', async () => {
    const c = insert('Customer', customer('Earlier Batch Customer'))
    const [cr] = await pushOk(env.admin, [c])
    const [ir, ur] = await pushOk(env.admin, [insert(SI, invoice({ customer: c['name'] })), change('update', 'Customer', String(c['name']), { customer_name: 'Renamed Offline' })])
    expect(docOf(ir)['customer']).toBe(docOf(cr)['name'])
    expect(ur).toMatchObject({ status: 'accepted', doc: { name: docOf(cr)['name'], customer_name: 'Renamed Offline' } })
  })

  it('translates Dynamic Links and child rows: a Payment Entry for an offline Customer and its submitted invoice', async () => {
    const c = insert('Customer', customer('Paying Offline'))
    const inv = insert(SI, invoice({ customer: c['name'] }))
    const payment = insert(PE, { ...env.profile.payment(env.fx, { customer: c['name'], name: inv['name'] }, 30), docstatus: 1 })
    const results = await pushOk(env.admin, [c, inv, change('submit', SI, String(inv['name'])), payment])
    expect(results.map((r) => r['status'])).toEqual(['accepted', 'accepted', 'accepted', 'accepted'])
    const invoiceName = docOf(results[1])['name']
    const pe = docOf(results[3])
    expect(pe['party']).toBe(docOf(results[0])['name'])
    expect((pe['references'] as Doc[])[0]).toMatchObject({ reference_doctype: SI, reference_name: invoiceName })
    const after = (await env.admin.get(env.admin.resource(SI, String(invoiceName)))).body['data'] as Doc
    expect(after['outstanding_amount']).toBe(Number(docOf(results[2])['outstanding_amount']) - 30)
  })

  it('follows a renamed document: its temp name answers to the new name', async () => {
    const c = insert('Customer', customer('Renamed After Sync'))
    const [cr] = await pushOk(env.admin, [c])
    await env.admin.post('/api/method/frappe.client.rename_doc', { doctype: 'Customer', old_name: docOf(cr)['name'], new_name: 'Renamed After Sync Ltd' })
    const [ir] = await pushOk(env.admin, [insert(SI, invoice({ customer: c['name'] }))])
    expect(ir).toMatchObject({ status: 'accepted', doc: { customer: 'Renamed After Sync Ltd' } })
  })
})

describe('outpost.sync.push: permissions', () => {
  it('rejects what a user may not create, and keeps User Permissions', async () => {
    const [none] = await pushOk(env.nobody, [insert(SI, invoice())])
    expect(none).toMatchObject({ status: 'rejected', exc_type: 'PermissionError', http_status: 403 })
    const [south, north] = await pushOk(env.sales, [insert(SI, invoice({ customer: env.fx.southCustomer, territory: 'South' })), insert(SI, invoice())])
    expect(south).toMatchObject({ status: 'rejected', exc_type: 'PermissionError' })
    expect(north).toMatchObject({ status: 'accepted', doc: { owner: 'sales@example.com' } })
    const name = String(docOf(north)['name'])
    const [submit, cancel] = await pushOk(env.sales, [change('submit', SI, name), change('cancel', SI, name)])
    expect(submit).toMatchObject({ status: 'accepted', doc: { docstatus: 1 } })
    expect(cancel).toMatchObject({ status: 'rejected', exc_type: 'PermissionError' })
  })

  it('refuses Guest and other HTTP methods as a whole', async () => {
    expect((await push(env.guest, [])).status).toBe(403)
    expect((await env.admin.get('/api/method/outpost.sync.push')).status).toBe(403)
  })
})

describe('outpost.sync.push: bad input', () => {
  const refused = async (body: string, text: RegExp, status = 417, excType = 'ValidationError'): Promise<void> => {
    const res = await env.admin.raw('POST', '/api/method/outpost.sync.push', { body, headers: { 'content-type': 'application/json' } })
    expect(res.status, body.slice(0, 100)).toBe(status)
    expect(res.body['exc_type']).toBe(excType)
    expect(JSON.stringify(res.body)).toMatch(text)
  }

  it('refuses a malformed body, a missing or non-list batch, and too many mutations', async () => {
    await refused('{"mutations": [', /Invalid JSON/, 400, 'BadRequest')
    await refused('{}', /mutations is required/)
    await refused('{"mutations": {"kind": "insert"}}', /mutations must be a list/)
    await refused('{"mutations": "nope"}', /mutations must be a list/)
    await refused(JSON.stringify({ mutations: Array.from({ length: 1001 }, () => insert('Customer', customer('x'))) }), /at most 1000/)
  })

  it('refuses a batch with an unknown kind or wrong types before applying any of it', async () => {
    const before = await count('Customer')
    const good = insert('Customer', customer('Never Applied'))
    await refused(JSON.stringify({ mutations: [good, { ...insert('Customer', customer('y')), kind: 'upsert' }] }), /mutations\[1\]\.kind must be one of/)
    await refused(JSON.stringify({ mutations: [good, { ...good, mutation_id: 5 }] }), /mutations\[1\]\.mutation_id/)
    await refused(JSON.stringify({ mutations: [{ ...good, doc: 'x' }] }), /mutations\[0\]\.doc must be a JSON object/)
    await refused(JSON.stringify({ mutations: [change('update', 'Customer', '', { a: 1 })] }), /mutations\[0\]\.name/)
    await refused(JSON.stringify({ mutations: [{ ...good, base_modified: 5 }] }), /base_modified/)
    await refused(JSON.stringify({ mutations: [7] }), /mutations\[0\] must be a JSON object/)
    expect(await count('Customer')).toBe(before)
  })

  it('rejects a mutation on an unknown DocType or a child table, not the batch', async () => {
    const results = await pushOk(env.admin, [insert('No Such DocType', {}), insert('Sales Invoice Item', { item_code: 'x' }), insert('Customer', customer('Still Applied'))])
    expect(results.map((r) => [r['status'], r['exc_type']])).toEqual([['rejected', 'DoesNotExistError'], ['rejected', 'ValidationError'], ['accepted', undefined]])
    expect(results[0]!['http_status']).toBe(404)
  })
})
