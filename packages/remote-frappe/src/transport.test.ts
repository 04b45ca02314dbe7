import type { PushOutcome } from '@outpost/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frappeRemote } from './frappe-remote.ts'
import { mutation } from './test-support/mutations.ts'
import { ADMIN_TOKEN, customerDoc, SALES_TOKEN, SALES_USER, startReferenceSite, type ReferenceSite } from './test-support/reference-site.ts'

let ref: ReferenceSite

beforeAll(async () => {
  ref = await startReferenceSite()
})
afterAll(() => ref.close())

const insertCustomer = (name: string): ReturnType<typeof mutation> => mutation('insert', 'Customer', { doc: customerDoc(name) })

/** The real fetch, with a count of calls per path and an optional stand-in answer. */
function spyFetch(answer?: (path: string, init: RequestInit | undefined) => Response | undefined): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = []
  const wrapped = (async (input: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(input)).pathname
    calls.push(`${init?.method ?? 'GET'} ${decodeURIComponent(path)}`)
    return answer?.(path, init) ?? fetch(input, init)
  }) as typeof fetch
  return { fetch: wrapped, calls }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

describe('offline', () => {
  it('answers offline, never throws, when the server is gone', async () => {
    const gone = await startReferenceSite()
    const remote = frappeRemote({ url: gone.url, token: ADMIN_TOKEN })
    await gone.close()
    const outcome = await remote.push(insertCustomer('Nobody Home'))
    expect(outcome).toMatchObject({ kind: 'offline', error: { excType: 'NetworkError', httpStatus: undefined } })
    expect((await remote.pull({ doctype: 'Customer', cursor: undefined, limit: 10 })).kind).toBe('offline')
    expect((await remote.listNames('Customer')).kind).toBe('offline')
    expect((await remote.getDocTypes('Customer')).kind).toBe('offline')
  })

  it('answers offline when fetch throws (reset, DNS)', async () => {
    const broken = (async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
    }) as typeof fetch
    const outcome = await frappeRemote({ url: ref.url, token: ADMIN_TOKEN, fetch: broken }).push(insertCustomer('Reset'))
    expect(outcome).toEqual({ kind: 'offline', error: { excType: 'NetworkError', httpStatus: undefined, message: 'fetch failed (ECONNRESET)', messages: [] } })
  })

  it('answers offline when no answer comes within the timeout', async () => {
    const hanging = ((_input: unknown, init?: RequestInit) => new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error))
    })) as typeof fetch
    const outcome = await frappeRemote({ url: ref.url, token: ADMIN_TOKEN, fetch: hanging, timeoutMs: 50 }).push(insertCustomer('Slow'))
    expect(outcome).toMatchObject({ kind: 'offline', error: { excType: 'TimeoutError', message: 'No answer within 50 ms' } })
  })

  it('treats a 2xx that is not JSON (a captive portal) as offline', async () => {
    const portal = (async () => new Response('<html>Sign in to the hotel Wi-Fi</html>', { status: 200 })) as typeof fetch
    const outcome = await frappeRemote({ url: ref.url, token: ADMIN_TOKEN, fetch: portal }).push(insertCustomer('Portal'))
    expect(outcome).toMatchObject({ kind: 'offline', error: { excType: 'InvalidResponse', httpStatus: 200 } })
  })
})

describe('retry', () => {
  it('maps 503 with Retry-After in seconds to retry', async () => {
    const { fetch } = spyFetch(() => json(503, { exc_type: 'InReadOnlyMode', _server_messages: JSON.stringify([JSON.stringify({ message: 'Site is in read only mode' })]) }, { 'retry-after': '7' }))
    const outcome = await frappeRemote({ url: ref.url, token: ADMIN_TOKEN, fetch }).push(insertCustomer('Busy'))
    expect(outcome).toEqual({ kind: 'retry', retryAfterMs: 7000, error: { excType: 'InReadOnlyMode', httpStatus: 503, message: 'Site is in read only mode', messages: ['Site is in read only mode'] } })
  })

  it('maps 429 with Retry-After as an HTTP date to retry', async () => {
    const at = new Date(Date.now() + 60_000).toUTCString()
    const { fetch } = spyFetch(() => json(429, { exc_type: 'RateLimitExceededError' }, { 'retry-after': at }))
    const outcome: PushOutcome = await frappeRemote({ url: ref.url, token: ADMIN_TOKEN, fetch }).push(insertCustomer('Rate'))
    expect(outcome.kind).toBe('retry')
    if (outcome.kind !== 'retry') return
    expect(outcome.retryAfterMs).toBeGreaterThan(55_000)
    expect(outcome.retryAfterMs).toBeLessThanOrEqual(60_000)
    expect(outcome.error.excType).toBe('RateLimitExceededError')
  })

  it('maps a 500 (and a proxy page without JSON) to retry without a delay hint', async () => {
    const { fetch } = spyFetch(() => json(500, { exc_type: 'OperationalError', exception: 'pymysql.err.OperationalError: (1213, Deadlock found)' }))
    expect(await frappeRemote({ url: ref.url, token: ADMIN_TOKEN, fetch }).pull({ doctype: 'Customer', cursor: undefined, limit: 5 })).toEqual({
      kind: 'retry', retryAfterMs: undefined, error: { excType: 'OperationalError', httpStatus: 500, message: '(1213, Deadlock found)', messages: [] },
    })
    const proxy = (async () => new Response('<html><body><h1>502 Bad Gateway</h1></body></html>', { status: 502, statusText: 'Bad Gateway' })) as typeof fetch
    expect(await frappeRemote({ url: ref.url, token: ADMIN_TOKEN, fetch: proxy }).listNames('Customer')).toMatchObject({
      kind: 'retry', error: { excType: 'ServerError', httpStatus: 502, message: '502 Bad Gateway' },
    })
  })
})

describe('auth', () => {
  it('maps a wrong token (401) to auth', async () => {
    const outcome = await frappeRemote({ url: ref.url, token: 'admin-key:wrong' }).push(insertCustomer('Denied'))
    expect(outcome).toMatchObject({ kind: 'auth', error: { excType: 'AuthenticationError', httpStatus: 401 } })
  })

  it('logs in with username and password once and keeps the sid cookie', async () => {
    const spy = spyFetch()
    const remote = frappeRemote({ url: ref.url, ...SALES_USER, fetch: spy.fetch })
    const outcome = await remote.push(insertCustomer('Logged In Ltd'))
    expect(outcome.kind).toBe('accepted')
    if (outcome.kind === 'accepted') expect(outcome.doc?.['owner']).toBe(SALES_USER.username)
    expect((await remote.listNames('Customer')).kind).toBe('ok')
    expect(spy.calls.filter((c) => c === 'POST /api/method/login')).toHaveLength(1)
  })

  it('logs in again once when the session expired, then goes on', async () => {
    const spy = spyFetch()
    const remote = frappeRemote({ url: ref.url, ...SALES_USER, fetch: spy.fetch })
    expect((await remote.listNames('Customer')).kind).toBe('ok')
    await ref.site.db.transaction((tx) => tx.run('DELETE FROM "__session"'))
    expect((await remote.push(insertCustomer('After Expiry'))).kind).toBe('accepted')
    expect(spy.calls.filter((c) => c === 'POST /api/method/login')).toHaveLength(2)
    expect(spy.calls.filter((c) => c === 'POST /api/resource/Customer')).toHaveLength(2)
  })

  it('reports auth when a fresh login does not help', async () => {
    const spy = spyFetch((path) => (path.startsWith('/api/resource') ? json(401, { exc_type: 'AuthenticationError' }) : undefined))
    const outcome = await frappeRemote({ url: ref.url, ...SALES_USER, fetch: spy.fetch }).push(insertCustomer('Locked Out'))
    expect(outcome).toMatchObject({ kind: 'auth', error: { httpStatus: 401 } })
    expect(spy.calls).toEqual(['POST /api/method/login', 'POST /api/resource/Customer', 'POST /api/method/login', 'POST /api/resource/Customer'])
  })

  it('reports auth with the server message for a wrong password', async () => {
    const outcome = await frappeRemote({ url: ref.url, username: SALES_USER.username, password: 'nope' }).listNames('Customer')
    expect(outcome).toEqual({ kind: 'auth', error: { excType: 'AuthenticationError', httpStatus: 401, message: 'Invalid login credentials', messages: [] } })
  })
})

describe('ensureOutpostIdField', () => {
  it('creates the unique outpost_id Custom Field on the reference server once, and meta then lists it', async () => {
    const remote = frappeRemote({ url: ref.url, token: ADMIN_TOKEN })
    expect(await remote.ensureOutpostIdField('Payment Entry')).toEqual({ kind: 'ok', value: 'created' })
    expect(await remote.ensureOutpostIdField('Payment Entry')).toEqual({ kind: 'ok', value: 'exists' })
    const meta = await remote.getDocTypes('Payment Entry')
    const fields = meta.kind === 'ok' ? (meta.value[0] as { fields: Record<string, unknown>[] }).fields : []
    expect(fields.find((f) => f['fieldname'] === 'outpost_id')).toMatchObject({ fieldtype: 'Data', unique: 1, no_copy: 1, is_custom_field: 1 })
  })

  it('creates the field once through /api/resource/Custom Field (fake Frappe)', async () => {
    const posted: unknown[] = []
    let exists = false
    const frappe = (async (input: string | URL | Request, init?: RequestInit) => {
      if (init?.method === 'POST') {
        posted.push(JSON.parse(String(init.body)))
        exists = true
        return json(200, { data: { name: 'Sales Invoice-outpost_id' } })
      }
      expect(new URL(String(input)).searchParams.get('filters')).toBe('[["dt","=","Sales Invoice"],["fieldname","=","outpost_id"]]')
      return json(200, { data: exists ? [{ name: 'Sales Invoice-outpost_id' }] : [] })
    }) as typeof fetch
    const remote = frappeRemote({ url: 'http://erp.test', token: ADMIN_TOKEN, fetch: frappe })
    expect(await remote.ensureOutpostIdField('Sales Invoice')).toEqual({ kind: 'ok', value: 'created' })
    expect(await remote.ensureOutpostIdField('Sales Invoice')).toEqual({ kind: 'ok', value: 'exists' })
    expect(posted).toEqual([expect.objectContaining({ dt: 'Sales Invoice', fieldname: 'outpost_id', fieldtype: 'Data', unique: 1, no_copy: 1 })])
  })

  it('reports the refusal for a user who is not a System Manager', async () => {
    const result = await frappeRemote({ url: ref.url, token: SALES_TOKEN }).ensureOutpostIdField('Customer')
    expect(result.kind, JSON.stringify(result)).toBe('rejected')
  })
})
