import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Doc } from '@outpost/meta'
import { demoProfile } from '../../test/conformance/demo-profile.ts'
import { startEnv, type Env } from '../../test/conformance/env.ts'
import { must } from '../../test/conformance/profile.ts'
import { ADMIN_KEY, ADMIN_SECRET, startTestSite, type Api } from '../../test/harness.ts'
import { applyLines, pull, pullAll, replicaNames, type PullLine, type Replica } from '../../test/sync-harness.ts'
import { addUsers } from '../site.ts'
import { widgetDocTypes } from '../testing/widget-schema.ts'

let env: Env
const SI = 'Sales Invoice'
const PULLED = ['Customer', SI]

beforeAll(async () => {
  env = await startEnv(demoProfile)
  const { admin, fx, profile } = env
  for (let i = 0; i < 6; i++) {
    const south = i % 3 === 0
    await must(admin.post(admin.resource('Customer'), profile.customer(fx, `Pull Customer ${i}`, south ? 'South' : 'North')), 'customer')
    await must(admin.post(admin.resource(SI), profile.invoice(fx, south ? { customer: fx.southCustomer, territory: 'South' } : {})), 'invoice')
  }
})
afterAll(() => env.ts.close())

/** Names `get_list` shows this user, sorted. */
async function listNames(api: Api, doctype: string): Promise<string[]> {
  const res = await api.get(api.resource(doctype), { fields: ['name'], limit_page_length: 0 })
  return (res.body['data'] as Doc[]).map((d) => String(d['name'])).sort()
}

const docLines = (lines: readonly PullLine[]): Extract<PullLine, { type: 'doc' }>[] => lines.filter((l): l is Extract<PullLine, { type: 'doc' }> => l.type === 'doc')

/** A boot, then every later change, as a client keeps them. */
async function booted(api: Api, doctypes = PULLED): Promise<{ replica: Replica; cursor: string }> {
  const replica: Replica = new Map()
  const run = await pullAll(api, replica, doctypes)
  return { replica, cursor: run.cursor }
}

describe('outpost.sync.pull: boot', () => {
  it('covers every document get_list shows, exactly once, page after page', async () => {
    for (const api of [env.admin, env.sales]) {
      const replica: Replica = new Map()
      const run = await pullAll(api, replica, PULLED, undefined, 3)
      expect(run.answers.length).toBeGreaterThan(3)
      const sent = run.answers.flatMap((a) => docLines(a.lines).map((l) => `${l.doctype}/${String(l.doc['name'])}`))
      expect(new Set(sent).size).toBe(sent.length)
      for (const doctype of PULLED) expect(replicaNames(replica, doctype)).toEqual(await listNames(api, doctype))
      for (const a of run.answers) expect(docLines(a.lines).length).toBeLessThanOrEqual(3)
      expect(run.answers[0]?.end?.total).toBe(sent.length)
    }
  })

  it('sends only what a restricted user may read (User Permission on Territory)', async () => {
    const { replica } = await booted(env.sales)
    const invoices = [...replica.get(SI)!.values()]
    expect(invoices.length).toBeGreaterThan(0)
    expect(invoices.every((d) => d['territory'] === 'North')).toBe(true)
    expect([...replica.get('Customer')!.values()].every((d) => d['territory'] === 'North')).toBe(true)
  })

  it('sends whole documents, child rows inline, as GET /api/resource does', async () => {
    const { admin } = env
    const answer = await pull(admin, { doctypes: [SI], limit: 1 })
    const doc = docLines(answer.lines)[0]!.doc
    const rest = (await admin.get(admin.resource(SI, String(doc['name'])))).body['data']
    expect(doc).toEqual(rest)
    expect((doc['items'] as Doc[]).length).toBe(2)
  })

  it('starts with one meta line per DocType (its modified), and ends with an end line', async () => {
    const answer = await pull(env.admin, { doctypes: [SI, 'Customer', SI] })
    expect(answer.status).toBe(200)
    expect(answer.contentType).toContain('application/x-ndjson')
    expect(answer.lines.slice(0, 2)).toEqual([
      { type: 'meta', doctype: 'Customer', version: env.ts.site.schema.get('Customer')!.modified },
      { type: 'meta', doctype: SI, version: env.ts.site.schema.get(SI)!.modified },
    ])
    expect(answer.lines.filter((l) => l.type === 'meta')).toHaveLength(2)
    expect(answer.lines.at(-1)?.type).toBe('end')
    expect(answer.end).toMatchObject({ has_more: false, reconcile: [] })
  })

  it('delivers a change committed during the boot afterwards, and misses none', async () => {
    const { admin } = env
    const item = (code: string): Doc => ({ item_code: code, item_name: code, item_group: 'All Item Groups', stock_uom: 'Nos' })
    for (const code of ['AA-1', 'AA-2', 'AA-3']) await must(admin.post(admin.resource('Item'), item(code)), 'item')
    const replica: Replica = new Map()
    const first = await pull(admin, { doctypes: ['Item'], limit: 2 })
    applyLines(replica, first.lines)
    expect(docLines(first.lines).map((l) => l.doc['name'])).toEqual(['AA-1', 'AA-2'])
    expect((await admin.delete(admin.resource('Item', 'AA-1'))).status).toBe(202)
    await must(admin.put(admin.resource('Item', 'AA-2'), { item_name: 'Changed During Boot' }), 'update')
    expect((await admin.delete(admin.resource('Item', 'AA-3'))).status).toBe(202)
    await must(admin.post(admin.resource('Item'), item('ZZ-added')), 'insert')
    const rest = await pullAll(admin, replica, ['Item'], first.end!.cursor, 2)
    const lines = rest.answers.flatMap((a) => a.lines)
    expect(lines.filter((l) => l.type === 'doc' && l.doc['name'] === 'ZZ-added').length).toBeLessThanOrEqual(2)
    expect(replicaNames(replica, 'Item')).toEqual(await listNames(admin, 'Item'))
    expect(replica.get('Item')!.get('aa-2')?.['item_name']).toBe('Changed During Boot')
  })
})

describe('outpost.sync.pull: changes', () => {
  it('folds several changes of a document into one line with its current state', async () => {
    const { admin, fx, profile } = env
    const invoice = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'invoice')
    const { cursor } = await booted(admin)
    const name = String(invoice['name'])
    for (const remarks of ['one', 'two', 'three']) await must(admin.put(admin.resource(SI, name), { remarks }), 'update')
    const answer = await pull(admin, { doctypes: PULLED, cursor })
    const lines = answer.lines.filter((l) => l.type !== 'meta' && l.type !== 'end')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ type: 'doc', doctype: SI, doc: { name, remarks: 'three' } })
    expect(answer.end).toMatchObject({ has_more: false, total: 3 })
  })

  it('sends deletions, and nothing for a document created and deleted in between that the client never saw', async () => {
    const { admin, fx, profile } = env
    const kept = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'invoice')
    const { cursor, replica } = await booted(admin)
    expect((await admin.delete(admin.resource(SI, String(kept['name'])))).status).toBe(202)
    const answer = await pull(admin, { doctypes: PULLED, cursor })
    expect(answer.lines).toContainEqual({ type: 'delete', doctype: SI, name: kept['name'] })
    applyLines(replica, answer.lines)
    expect(replicaNames(replica, SI)).toEqual(await listNames(admin, SI))
  })

  it('sends a rename before the renamed document', async () => {
    const { admin, fx, profile } = env
    const customer = await must(admin.post(admin.resource('Customer'), profile.customer(fx, 'To Be Renamed')), 'customer')
    const { cursor, replica } = await booted(admin)
    const old = String(customer['name'])
    await must(admin.post('/api/method/frappe.client.rename_doc', { doctype: 'Customer', old_name: old, new_name: 'Renamed For Pull' }).then((r) => ({ ...r, body: { data: r.body } })), 'rename')
    await must(admin.put(admin.resource('Customer', 'Renamed For Pull'), { customer_name: 'Renamed For Pull' }), 'update')
    const answer = await pull(admin, { doctypes: PULLED, cursor })
    const lines = answer.lines.filter((l) => l.type === 'rename' || l.type === 'doc')
    expect(lines.map((l) => l.type)).toEqual(['rename', 'doc'])
    expect(lines[0]).toEqual({ type: 'rename', doctype: 'Customer', from: old, to: 'Renamed For Pull' })
    applyLines(replica, answer.lines)
    expect(replicaNames(replica, 'Customer')).toEqual(await listNames(admin, 'Customer'))
  })

  it('deletes a document that left the user\'s view, and sends one that entered it', async () => {
    const { admin, sales, fx, profile } = env
    const invoice = await must(admin.post(admin.resource(SI), profile.invoice(fx)), 'north invoice')
    const { cursor, replica } = await booted(sales)
    const name = String(invoice['name'])
    expect(replica.get(SI)!.has(name.toLowerCase())).toBe(true)
    await must(admin.put(admin.resource(SI, name), { territory: 'South' }), 'to south')
    const left = await pull(sales, { doctypes: PULLED, cursor })
    expect(left.lines).toContainEqual({ type: 'delete', doctype: SI, name })
    applyLines(replica, left.lines)
    await must(admin.put(admin.resource(SI, name), { territory: 'North' }), 'back north')
    const back = await pull(sales, { doctypes: PULLED, cursor: left.end!.cursor })
    expect(docLines(back.lines).map((l) => l.doc['name'])).toEqual([name])
    applyLines(replica, back.lines)
    expect(replicaNames(replica, SI)).toEqual(await listNames(sales, SI))
  })

  it('does not mention documents created out of the user\'s view', async () => {
    const { admin, sales, fx, profile } = env
    const { cursor } = await booted(sales)
    const south = await must(admin.post(admin.resource(SI), profile.invoice(fx, { customer: fx.southCustomer, territory: 'South' })), 'south')
    const answer = await pull(sales, { doctypes: PULLED, cursor })
    expect(JSON.stringify(answer.lines)).not.toContain(String(south['name']))
  })

  it('lists in reconcile the DocTypes whose visibility changed with a User Permission or a role', async () => {
    const { sales } = env
    const salesUser = demoProfile.users.find((u) => u.email === 'sales@example.com')!
    const { cursor } = await booted(sales, ['Customer', SI, 'Item'])
    await addUsers(env.ts.site, [{ ...salesUser, userPermissions: [] }])
    const widened = await pull(sales, { doctypes: ['Customer', SI, 'Item'], cursor })
    expect(widened.end?.reconcile).toEqual(['Customer', SI])
    await addUsers(env.ts.site, [salesUser])
    const narrowed = await pull(sales, { doctypes: ['Customer', SI, 'Item'], cursor: widened.end!.cursor })
    expect(narrowed.end?.reconcile).toEqual(['Customer', SI])
    await addUsers(env.ts.site, [{ ...salesUser, roles: [...salesUser.roles, 'Stock User'] }])
    const roles = await pull(sales, { doctypes: ['Customer', SI, 'Item'], cursor: narrowed.end!.cursor })
    expect(roles.end?.reconcile).toEqual(['Customer', 'Item', SI])
    await addUsers(env.ts.site, [salesUser])
    const otherUser = await pull(env.admin, { doctypes: ['Customer', SI, 'Item'], cursor: narrowed.end!.cursor })
    expect(otherUser.end?.reconcile).toEqual([])
  })

  it('pages the change log by documents, and an answer without changes keeps the cursor', async () => {
    const { admin, fx, profile } = env
    const { cursor, replica } = await booted(admin)
    for (let i = 0; i < 5; i++) await must(admin.post(admin.resource('Customer'), profile.customer(fx, `Paged ${i}`)), 'customer')
    const run = await pullAll(admin, replica, PULLED, cursor, 2)
    expect(run.answers.map((a) => docLines(a.lines).length)).toEqual([2, 2, 1])
    expect(run.answers[0]?.end?.total).toBe(5)
    const idle = await pull(admin, { doctypes: PULLED, cursor: run.cursor })
    expect(idle.end).toMatchObject({ cursor: run.cursor, has_more: false })
  })

  it('answers GET with the arguments in the query string', async () => {
    const answer = await pull(env.sales, { doctypes: JSON.stringify(['Customer']), limit: '2' }, 'GET')
    expect(answer.status).toBe(200)
    expect(docLines(answer.lines)).toHaveLength(2)
  })
})

describe('outpost.sync.pull: refused requests', () => {
  const refused = async (api: Api, args: Record<string, unknown>, status: number, excType: string, text?: RegExp): Promise<void> => {
    const answer = await pull(api, args as { doctypes: unknown })
    expect(answer.status, JSON.stringify(args)).toBe(status)
    expect(answer.body?.['exc_type']).toBe(excType)
    if (text) expect(JSON.stringify(answer.body)).toMatch(text)
  }

  it('refuses bad doctypes', async () => {
    const { admin } = env
    await refused(admin, {}, 417, 'ValidationError', /doctypes is required/)
    await refused(admin, { doctypes: [] }, 417, 'ValidationError', /doctypes is required/)
    await refused(admin, { doctypes: '[Customer' }, 417, 'ValidationError', /not valid JSON/)
    await refused(admin, { doctypes: [1] }, 417, 'ValidationError', /DocType names/)
    await refused(admin, { doctypes: ['No Such DocType'] }, 404, 'DoesNotExistError')
    await refused(admin, { doctypes: ['Sales Invoice Item'] }, 417, 'ValidationError', /child table/)
  })

  it('refuses bad limits', async () => {
    for (const limit of [0, -1, 5001, 1e12, 'abc', '1.5', 2.5, true]) await refused(env.admin, { doctypes: PULLED, limit }, 417, 'ValidationError', /limit must be/)
  })

  it('refuses cursors it did not issue, or issued for other doctypes', async () => {
    const { admin } = env
    for (const cursor of ['garbage', 'e30', '!!!', 'W10', Buffer.from(JSON.stringify([1, -1, 'x', null, null, null])).toString('base64url'), 12]) {
      await refused(admin, { doctypes: PULLED, cursor }, 417, 'ValidationError', /Invalid cursor/)
    }
    const other = await pull(admin, { doctypes: ['Item'] })
    await refused(admin, { doctypes: PULLED, cursor: other.end!.cursor }, 417, 'ValidationError', /other doctypes/)
    const ahead = Buffer.from(JSON.stringify([1, 10 ** 12, JSON.parse(Buffer.from(other.end!.cursor, 'base64url').toString())[2], null, null, null])).toString('base64url')
    await refused(admin, { doctypes: ['Item'], cursor: ahead }, 417, 'ValidationError', /ahead/)
  })

  it('refuses users who may not read, and Guest', async () => {
    await refused(env.nobody, { doctypes: [SI] }, 403, 'PermissionError')
    await refused(env.guest, { doctypes: [SI] }, 403, 'PermissionError')
    const put = await env.admin.put('/api/method/outpost.sync.pull', { doctypes: [SI] })
    expect(put.status).toBe(403)
  })
})

describe('outpost.sync.pull: a failure once streaming began', () => {
  it('ends the answer with an error line instead of end', async () => {
    const ts = await startTestSite({ doctypes: widgetDocTypes() })
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      await must(ts.admin.post(ts.admin.resource('Widget'), { name: 'W-1', title: 'one' }), 'widget')
      const boot = await pull(ts.admin, { doctypes: ['Widget'] })
      await must(ts.admin.post(ts.admin.resource('Widget'), { name: 'W-2', title: 'two' }), 'widget')
      await ts.site.db.exec('DROP TABLE "tabWidget"')
      const answer = await pull(ts.admin, { doctypes: ['Widget'], cursor: boot.end!.cursor })
      expect(answer.status).toBe(200)
      expect(answer.lines.map((l) => l.type)).toEqual(['meta', 'error'])
      expect(answer.lines[1]).toMatchObject({ type: 'error', exc_type: 'InternalServerError' })
      expect(logged).toHaveBeenCalled()
    } finally {
      logged.mockRestore()
      await ts.close()
    }
  })
})

describe('outpost.sync.pull: streamed as it is read', () => {
  it('holds back while the reader does: a write made after the first bytes arrived is in the same answer', async () => {
    const ts = await startTestSite({ doctypes: widgetDocTypes() })
    try {
      // 4,999 widgets of about 4 kB: a 20 MB answer, more than the sockets between can hold
      const filler = 'x'.repeat(4000)
      for (let at = 0; at < 4999; at += 500) {
        const rows = Array.from({ length: Math.min(500, 4999 - at) }, (_, i) => `('W-${String(at + i).padStart(6, '0')}', 'Administrator', '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 'Administrator', 0, 0, '${filler}')`)
        await ts.site.db.exec(`INSERT INTO "tabWidget" ("name", "owner", "creation", "modified", "modified_by", "docstatus", "idx", "title") VALUES ${rows.join(', ')}`)
      }
      const res = await fetch(`${ts.server.url}/api/method/outpost.sync.pull`, {
        method: 'POST', headers: { authorization: `token ${ADMIN_KEY}:${ADMIN_SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify({ doctypes: ['Widget'], limit: 5000 }),
      })
      expect(res.status).toBe(200)
      const reader = res.body!.getReader()
      const decoder = new TextDecoder()
      let text = decoder.decode((await reader.read()).value, { stream: true })
      await new Promise((resolve) => setTimeout(resolve, 300))
      // sorts after every widget: a server that had read its whole answer ahead would miss it
      await must(ts.admin.post(ts.admin.resource('Widget'), { name: 'W-ZZZ-LATE', title: 'late' }), 'late widget')
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true })
      const lines = text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { type: string; doc?: Doc })
      const names = lines.flatMap((l) => (l.type === 'doc' ? [String(l.doc!['name'])] : []))
      expect(names).toHaveLength(5000)
      expect(names.at(-1)).toBe('W-ZZZ-LATE')
      expect(lines.at(-1)?.type).toBe('end')
    } finally {
      await ts.close()
    }
  }, 60_000)
})
