import { describe, expect, it } from 'vitest'
import { outpostRemote } from './outpost-remote.ts'
import { fakeSite, json, ndjson, type Handler } from './test-support/fake-site.ts'

const TOKEN = 'key:secret'
const meta = { type: 'meta', doctype: 'Customer', version: '2026-01-02 10:00:00.000000' }
const doc = (name: string, extra: Record<string, unknown> = {}): unknown => ({ type: 'doc', doctype: 'Customer', doc: { name, customer_name: name, modified: '2026-01-03 00:00:00.000001', ...extra } })
const end = (extra: Record<string, unknown> = {}): unknown => ({ type: 'end', cursor: 'c-2', has_more: false, total: 3, reconcile: [], ...extra })

function remoteAnswering(handler: Handler) {
  const site = fakeSite(handler)
  return { remote: outpostRemote({ url: 'http://erp.test/', token: TOKEN, fetch: site.fetch }), received: site.received }
}

const pull = (handler: Handler, cursor: string | undefined = 'c-1') => remoteAnswering(handler).remote.pull({ doctype: 'Customer', cursor, limit: 2 })

describe('pull: the request', () => {
  it('GETs outpost.sync.pull for one doctype with cursor and limit, asking for NDJSON with the token', async () => {
    const { remote, received } = remoteAnswering(() => ndjson([meta, end()]))
    await remote.pull({ doctype: 'Customer', cursor: 'c-1', limit: 9000 })
    await remote.pull({ doctype: 'Customer', cursor: undefined, limit: 50 })
    expect(received.map((r) => [r.method, r.path, r.query.get('doctypes'), r.query.get('cursor'), r.query.get('limit')])).toEqual([
      ['GET', '/api/method/outpost.sync.pull', '["Customer"]', 'c-1', '5000'],
      ['GET', '/api/method/outpost.sync.pull', '["Customer"]', null, '50'],
    ])
    expect(received[0]?.headers.get('accept')).toBe('application/x-ndjson')
    expect(received[0]?.headers.get('authorization')).toBe(`token ${TOKEN}`)
  })
})

describe('pull: the NDJSON answer', () => {
  const lines = [
    meta, { type: 'rename', doctype: 'Customer', from: 'CUST-1', to: 'CUST-100' }, doc('CUST-100', { territory: 'Nörth ₹' }),
    { type: 'delete', doctype: 'Customer', name: 'CUST-7' }, doc('CUST-8'), end({ cursor: 'c-2', has_more: true, total: 100000, reconcile: ['Customer', 'Item'] }),
  ]

  it('reads it line by line whatever the chunking, into one whole page', async () => {
    for (const chunk of [1, 3, 17, 4096]) {
      const page = await pull(() => ndjson(lines, { chunk }))
      expect(page, `chunk ${chunk}`).toEqual({
        kind: 'page', docs: [(lines[2] as { doc: unknown }).doc, (lines[4] as { doc: unknown }).doc], deleted: ['CUST-7'],
        renamed: [{ from: 'CUST-1', to: 'CUST-100' }], reconcile: true, cursor: 'c-2', hasMore: true, total: 100000,
        metaVersion: '2026-01-02 10:00:00.000000',
      })
    }
  })

  it("reports the pulled DocType's meta version from its meta line, and none when the server sends none", async () => {
    const both = await pull(() => ndjson([{ type: 'meta', doctype: 'Address', version: '2030-01-01 00:00:00.000000' }, meta, end()]))
    expect(both).toMatchObject({ kind: 'page', metaVersion: '2026-01-02 10:00:00.000000' })
    const none = await pull(() => ndjson([doc('CUST-1'), end()]))
    expect(none.kind === 'page' && 'metaVersion' in none).toBe(false)
  })

  it('folds lines about one name in commit order: the last one tells its state', async () => {
    const page = await pull(() => ndjson([
      meta, doc('A'), { type: 'delete', doctype: 'Customer', name: 'a' }, { type: 'delete', doctype: 'Customer', name: 'B' }, doc('B'),
      { type: 'delete', doctype: 'Customer', name: 'X' }, { type: 'rename', doctype: 'Customer', from: 'Y', to: 'X' }, doc('X'),
      { type: 'rename', doctype: 'Customer', from: 'P', to: 'Q' }, { type: 'delete', doctype: 'Customer', name: 'Q' },
      doc('Other', { doctype: 'Item' }), { type: 'doc', doctype: 'Item', doc: { name: 'ITEM-1' } }, { type: 'future-line', x: 1 }, end(),
    ]))
    expect(page).toMatchObject({
      kind: 'page', deleted: ['a', 'Q'], reconcile: false,
      renamed: [{ from: 'Y', to: 'X' }, { from: 'P', to: 'Q' }],
    })
    if (page.kind === 'page') expect(page.docs.map((d) => d['name'])).toEqual(['B', 'X', 'Other'])
  })

  it('is offline, with nothing applied, when the answer ends before its end line', async () => {
    const page = await pull(() => ndjson([meta, doc('CUST-1'), doc('CUST-2')], { chunk: 8 }))
    expect(page).toMatchObject({ kind: 'offline', error: { excType: 'IncompleteResponse' } })
  })

  it('is offline when the connection drops mid-answer', async () => {
    const page = await pull(() => ndjson([meta, doc('CUST-1'), end()], { chunk: 16, failAfter: 3 }))
    expect(page).toMatchObject({ kind: 'offline', error: { excType: 'NetworkError' } })
  })

  it('maps an error line to the outcome of its exception class', async () => {
    const errorLine = (exc: string): unknown => ({ type: 'error', exc_type: exc, message: `<b>${exc}</b> happened` })
    expect(await pull(() => ndjson([meta, doc('CUST-1'), errorLine('OperationalError')]))).toEqual({
      kind: 'retry', retryAfterMs: undefined, error: { excType: 'OperationalError', httpStatus: undefined, message: 'OperationalError happened', messages: ['OperationalError happened'] },
    })
    expect(await pull(() => ndjson([meta, errorLine('PermissionError')]))).toMatchObject({ kind: 'rejected', error: { excType: 'PermissionError' } })
    expect(await pull(() => ndjson([meta, errorLine('AuthenticationError')]))).toMatchObject({ kind: 'auth' })
  })

  it('is offline (InvalidResponse) for a malformed line, and stops reading there', async () => {
    let cancelled = false
    const broken = ['{"type":"doc","doctype":"Customer","doc":{"name":"A"}}', '{"type":"doc","doctype":', doc('B'), end()]
    const page = await pull(() => ndjson(broken, { chunk: 10, onCancel: () => (cancelled = true) }))
    expect(page).toMatchObject({ kind: 'offline', error: { excType: 'InvalidResponse' } })
    if (page.kind === 'offline') expect(page.error.message).toContain('Line 2')
    expect(cancelled).toBe(true)
    expect(await pull(() => ndjson([meta, { type: 'doc', doctype: 'Customer', doc: { customer_name: 'no name' } }, end()]))).toMatchObject({ kind: 'offline' })
    expect(await pull(() => ndjson([meta, { type: 'end', has_more: false }]))).toMatchObject({ kind: 'offline' })
  })

  it('ignores anything after the end line', async () => {
    const page = await pull(() => ndjson([meta, doc('A'), end(), doc('B'), 'not json']))
    expect(page).toMatchObject({ kind: 'page', docs: [{ name: 'A' }] })
  })
})

describe('pull: a cursor the server no longer takes', () => {
  it('boots again from nothing and asks for a reconciliation (a snapshot cannot tell deletions)', async () => {
    const refused = JSON.stringify([JSON.stringify({ message: 'Invalid cursor: not a cursor this server issued. Pull again without a cursor to boot.' })])
    const { remote, received } = remoteAnswering((req) => (req.query.get('cursor') === null ? ndjson([meta, doc('CUST-1'), end()]) : json(417, { exc_type: 'ValidationError', _server_messages: refused })))
    const page = await remote.pull({ doctype: 'Customer', cursor: '{"modified":"2026-01-01","name":"x"}', limit: 10 })
    expect(page).toMatchObject({ kind: 'page', docs: [{ name: 'CUST-1' }], reconcile: true, cursor: 'c-2' })
    expect(received.map((r) => r.query.get('cursor'))).toEqual(['{"modified":"2026-01-01","name":"x"}', null])
  })

  it('keeps any other refusal as it is', async () => {
    const { remote, received } = remoteAnswering(() => json(403, { exc_type: 'PermissionError' }))
    expect(await remote.pull({ doctype: 'Customer', cursor: 'c-1', limit: 10 })).toMatchObject({ kind: 'rejected', error: { excType: 'PermissionError' } })
    expect(received).toHaveLength(1)
  })
})

describe('pull: HTTP outcomes', () => {
  it('maps 401 to auth, 503 with Retry-After to retry, 417 to rejected with the decoded message', async () => {
    expect(await pull(() => json(401, { exc_type: 'AuthenticationError' }))).toMatchObject({ kind: 'auth', error: { httpStatus: 401 } })
    expect(await pull(() => json(503, { exc_type: 'InReadOnlyMode' }, { 'retry-after': '7' }))).toMatchObject({ kind: 'retry', retryAfterMs: 7000 })
    const messages = JSON.stringify([JSON.stringify({ message: 'Invalid cursor: it was issued for other doctypes.' })])
    expect(await pull(() => json(417, { exc_type: 'ValidationError', _server_messages: messages }))).toEqual({
      kind: 'rejected', error: { excType: 'ValidationError', httpStatus: 417, message: 'Invalid cursor: it was issued for other doctypes.', messages: ['Invalid cursor: it was issued for other doctypes.'] },
    })
  })

  it('is offline for a 2xx that is not NDJSON (a captive portal), and when the network is down', async () => {
    expect(await pull(() => new Response('<html>Sign in to the hotel Wi-Fi</html>', { status: 200 }))).toMatchObject({ kind: 'offline', error: { excType: 'InvalidResponse' } })
    expect(await pull(() => { throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }) })).toMatchObject({ kind: 'offline', error: { excType: 'NetworkError' } })
  })

  it('logs in with a password once, and pulls with the session cookie', async () => {
    const site = fakeSite((req) => req.path === '/api/method/login'
      ? new Response('{"message":"Logged In"}', { status: 200, headers: { 'content-type': 'application/json', 'set-cookie': 'sid=s-123; Path=/; HttpOnly' } })
      : ndjson([meta, end()]))
    const remote = outpostRemote({ url: 'http://erp.test', username: 'sales@example.com', password: 'sales', fetch: site.fetch })
    expect((await remote.pull({ doctype: 'Customer', cursor: undefined, limit: 10 })).kind).toBe('page')
    expect((await remote.pull({ doctype: 'Customer', cursor: 'c-2', limit: 10 })).kind).toBe('page')
    expect(site.received.map((r) => r.path)).toEqual(['/api/method/login', '/api/method/outpost.sync.pull', '/api/method/outpost.sync.pull'])
    expect(site.received[1]?.headers.get('cookie')).toBe('sid=s-123')
  })
})

describe('pull: a 403 is a refusal only for a logged-in user', () => {
  const inBrowser = (handler: Handler) => {
    const site = fakeSite(handler)
    return { remote: outpostRemote({ url: 'http://erp.test/', session: 'browser', fetch: site.fetch }), received: site.received }
  }
  const pullIn = (remote: ReturnType<typeof inBrowser>['remote']) => remote.pull({ doctype: 'Customer', cursor: 'c-1', limit: 2 })
  const refused = () => json(403, { exc_type: 'PermissionError' })

  it('asks for a login when the answer says the session expired', async () => {
    const { remote } = inBrowser(() => json(403, { exc_type: 'PermissionError', session_expired: 1 }))
    expect(await pullIn(remote)).toMatchObject({ kind: 'auth' })
  })

  it('asks who the session is: as Guest (its cookie gone) it is a login to ask for, not a refusal', async () => {
    const { remote, received } = inBrowser((req) => (req.path === '/api/method/frappe.auth.get_logged_user' ? json(403, { exc_type: 'PermissionError' }) : refused()))
    expect(await pullIn(remote)).toMatchObject({ kind: 'auth', error: { excType: 'PermissionError', httpStatus: 403 } })
    expect(received.map((r) => r.path)).toEqual(['/api/method/outpost.sync.pull', '/api/method/frappe.auth.get_logged_user'])
    const answeredGuest = inBrowser((req) => (req.path === '/api/method/frappe.auth.get_logged_user' ? json(200, { message: 'Guest' }) : refused()))
    expect(await pullIn(answeredGuest.remote)).toMatchObject({ kind: 'auth' })
  })

  it('keeps the refusal for a logged-in user (read taken away), and is offline when it cannot tell', async () => {
    const { remote } = inBrowser((req) => (req.path === '/api/method/frappe.auth.get_logged_user' ? json(200, { message: 'sales@example.com' }) : refused()))
    expect(await pullIn(remote)).toMatchObject({ kind: 'rejected', error: { excType: 'PermissionError', httpStatus: 403 } })
    const unsure = inBrowser((req) => (req.path === '/api/method/frappe.auth.get_logged_user' ? json(503, { exc_type: 'ServiceUnavailable' }) : refused()))
    expect(await pullIn(unsure.remote)).toMatchObject({ kind: 'offline' })
  })

  it('reads a 403 page that is not JSON (a proxy, a firewall) as offline', async () => {
    const { remote } = inBrowser(() => new Response('<html>Forbidden by policy</html>', { status: 403, headers: { 'content-type': 'text/html' } }))
    expect(await pullIn(remote)).toMatchObject({ kind: 'offline' })
  })
})
