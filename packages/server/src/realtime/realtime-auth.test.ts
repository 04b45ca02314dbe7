import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Socket } from 'socket.io-client'
import { demoProfile } from '../../test/conformance/demo-profile.ts'
import { startEnv, type Env } from '../../test/conformance/env.ts'
import { NOBODY_TOKEN, SALES_TOKEN } from '../../test/conformance/profile.ts'
import { ADMIN_KEY, ADMIN_SECRET, startTestSite } from '../../test/harness.ts'
import { ask, connect, loginSid, openSocket, refusal, whenConnected } from '../../test/realtime-client.ts'
import { loadDemoDocTypes } from '../demo/index.ts'

let env: Env
const open: Socket[] = []
const track = (s: Socket): Socket => {
  open.push(s)
  return s
}

beforeAll(async () => {
  env = await startEnv(demoProfile)
})
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})
afterAll(() => env.ts.close())

const url = (): string => env.ts.server.url
const host = (): string => new URL(url()).hostname

describe('realtime handshake: who may connect', () => {
  it('accepts an Authorization token header', async () => {
    const socket = track(await connect(url(), { token: SALES_TOKEN }))
    expect(socket.connected).toBe(true)
    expect(await ask(socket, 'doctype_subscribe', 'Customer')).toEqual({ ok: true, room: 'doctype:Customer' })
  })

  it('accepts the token in socket.io\'s auth payload, with or without the `token ` prefix', async () => {
    track(await connect(url(), { authToken: SALES_TOKEN }))
    track(await connect(url(), { authToken: `token ${SALES_TOKEN}` }))
  })

  it('accepts the sid cookie of a logged-in session', async () => {
    const sid = await loginSid(url(), 'sales@example.com', 'sales')
    const socket = track(await connect(url(), { cookie: `system_user=yes; sid=${sid}` }))
    expect(await ask(socket, 'doctype_subscribe', 'Customer')).toMatchObject({ ok: true })
  })

  it('refuses a handshake without credentials, with Frappe\'s message', async () => {
    expect(await refusal(url())).toEqual({
      message: 'No authentication method used. Use cookie or authorization header.', data: { exc_type: 'AuthenticationError' },
    })
    expect((await refusal(url(), { cookie: 'sid=Guest' })).message).toContain('No authentication method')
  })

  it('refuses a wrong token, an unknown sid and a logged-out session', async () => {
    const bad = await refusal(url(), { token: 'sales-key:wrong-secret' })
    expect(bad.message).toMatch(/^Unauthorized: Invalid token/)
    expect(bad.data).toEqual({ exc_type: 'AuthenticationError' })
    expect((await refusal(url(), { cookie: 'sid=not-a-session' })).message).toMatch(/^Unauthorized: .*log in again/)
    const sid = await loginSid(url(), 'sales@example.com', 'sales')
    await fetch(`${url()}/api/method/logout`, { method: 'POST', headers: { cookie: `sid=${sid}` } })
    expect((await refusal(url(), { cookie: `sid=${sid}` })).message).toMatch(/^Unauthorized/)
  })

  it('answers on Frappe\'s site namespace `/<site>` and refuses another site\'s', async () => {
    const socket = track(await connect(url(), { namespace: `/${host()}`, token: SALES_TOKEN }))
    expect(await ask(socket, 'doctype_subscribe', 'Customer')).toMatchObject({ ok: true })
    const wrong = await refusal(url(), { namespace: '/other.example.com', token: SALES_TOKEN })
    expect(wrong.message).toContain('Invalid namespace /other.example.com')
  })

  it('refuses an Origin of another host (a foreign page riding on the cookie)', async () => {
    const sid = await loginSid(url(), 'sales@example.com', 'sales')
    expect((await refusal(url(), { cookie: `sid=${sid}`, origin: 'https://evil.example.com' })).message).toBe('Invalid origin')
    track(await connect(url(), { cookie: `sid=${sid}`, origin: `http://${host()}:1234` }))
  })
})

describe('realtime subscriptions: only what the user may read', () => {
  it('joins a DocType room only with read permission on the DocType', async () => {
    const nobody = track(await connect(url(), { token: NOBODY_TOKEN }))
    expect(await ask(nobody, 'doctype_subscribe', 'Customer')).toEqual({ ok: false, exc_type: 'PermissionError', message: 'Insufficient Permission for Customer (Read)' })
    expect(await ask(nobody, 'doctype_subscribe', 'No Such DocType')).toMatchObject({ ok: false, exc_type: 'DoesNotExistError' })
  })

  it('joins a document room only when the user may read that document', async () => {
    const sales = track(await connect(url(), { token: SALES_TOKEN }))
    expect(await ask(sales, 'doc_subscribe', 'Customer', env.fx.northCustomer)).toEqual({ ok: true, room: `doc:Customer/${env.fx.northCustomer}` })
    expect(await ask(sales, 'doc_subscribe', 'Customer', env.fx.southCustomer)).toMatchObject({ ok: false, exc_type: 'PermissionError' })
    expect(await ask(sales, 'doc_subscribe', 'Customer', 'Nobody Ltd')).toMatchObject({ ok: false, exc_type: 'DoesNotExistError' })
  })

  it('refuses malformed subscriptions with a clear answer and stays connected', async () => {
    const sales = track(await connect(url(), { token: SALES_TOKEN }))
    expect(await ask(sales, 'doctype_subscribe', 42)).toEqual({ ok: false, exc_type: 'ValidationError', message: 'doctype must be a non-empty string' })
    expect(await ask(sales, 'doc_subscribe', 'Customer')).toEqual({ ok: false, exc_type: 'ValidationError', message: 'docname must be a non-empty string' })
    expect(await ask(sales, 'doctype_unsubscribe', { x: 1 })).toMatchObject({ ok: false, exc_type: 'ValidationError' })
    sales.emit('doctype_subscribe')
    expect(await ask(sales, 'doctype_subscribe', 'Customer')).toMatchObject({ ok: true })
    expect(sales.connected).toBe(true)
  })

  it('checks the session again at each subscription: a logged-out sid is refused', async () => {
    const sid = await loginSid(url(), 'sales@example.com', 'sales')
    const socket = track(await connect(url(), { cookie: `sid=${sid}` }))
    await fetch(`${url()}/api/method/logout`, { method: 'POST', headers: { cookie: `sid=${sid}` } })
    expect(await ask(socket, 'doctype_subscribe', 'Customer')).toMatchObject({ ok: false, exc_type: 'AuthenticationError' })
  })

  it('answers ping with pong', async () => {
    const socket = track(await connect(url(), { token: SALES_TOKEN }))
    const pong = new Promise<void>((resolve) => socket.once('pong', () => resolve()))
    socket.emit('ping')
    await pong
  })
})

describe('realtime shutdown', () => {
  it('closes promptly with sockets open, and the clients see the transport close', async () => {
    const ts = await startTestSite({ doctypes: loadDemoDocTypes() })
    const token = `${ADMIN_KEY}:${ADMIN_SECRET}`
    const sockets = [await connect(ts.server.url, { token }), await connect(ts.server.url, { token, reconnection: true })]
    const reasons = sockets.map((s) => new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason))))
    const started = Date.now()
    await ts.close()
    expect(Date.now() - started).toBeLessThan(3000)
    expect(await Promise.all(reasons)).toEqual(['transport close', 'transport close'])
    // A client that tries again finds nobody there, and nothing keeps the process alive.
    const retry = openSocket(ts.server.url, { token })
    await expect(whenConnected(retry)).rejects.toThrow()
    for (const s of [...sockets, retry]) s.close()
  })
})
