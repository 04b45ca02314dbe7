import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Remote } from '@outpost/core'
import { demoControllers, loadDemoDocTypes, openSite, startServer, type RunningServer } from '@outpost/server'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { frappeRemote } from './frappe-remote.ts'
import { ADMIN_TOKEN, customerDoc, SALES_USER, startReferenceSite, type ReferenceSite } from './test-support/reference-site.ts'
import { RealtimeRecorder } from './test-support/realtime-recorder.ts'

const FAST = { retryMs: 50, retryMaxMs: 250 }
let ref: ReferenceSite
const cleanups: (() => Promise<void> | void)[] = []

beforeAll(async () => {
  ref = await startReferenceSite()
})
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})
afterAll(() => ref.close())

/** A remote of `ref` watching `doctypes`, closed after the test. */
function watching(remote: Remote, doctypes: readonly string[]): { recorder: RealtimeRecorder; stop: () => void } {
  const recorder = new RealtimeRecorder()
  if (!remote.watch) throw new Error('the remote cannot watch')
  const stop = remote.watch(doctypes, recorder)
  cleanups.push(() => remote.close?.())
  return { recorder, stop }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(20)) if (check()) return
  throw new Error(`timed out waiting for ${what}`)
}

describe('frappeRemote.watch against the reference server', () => {
  it('declares realtime, says connected, then hints each change of a watched DocType only', async () => {
    const remote = frappeRemote({ url: ref.url, token: ADMIN_TOKEN, realtime: FAST })
    expect(remote.capabilities.realtime).toBe(true)
    const { recorder } = watching(remote, ['Customer'])
    await recorder.nth('connected')
    const name = String((await ref.admin.insert('Customer', customerDoc('Watched Customer')))['name'])
    await ref.admin.insert('Territory', { territory_name: 'East', parent_territory: 'All Territories' })
    await ref.admin.call('PUT', `/api/resource/Customer/${encodeURIComponent(name)}`, { customer_type: 'Individual' })
    await recorder.nth(`Customer ${name}`, 2)
    expect(recorder.heard).toEqual(['connected', `Customer ${name}`, `Customer ${name}`])
  })

  it('logs in with username and password and hears only what that user may read', async () => {
    const remote = frappeRemote({ url: ref.url, ...SALES_USER, realtime: FAST })
    const { recorder } = watching(remote, ['Customer'])
    await recorder.nth('connected')
    const south = String((await ref.admin.insert('Customer', customerDoc('Far South', { territory: 'South' })))['name'])
    const north = String((await ref.admin.insert('Customer', customerDoc('Near North')))['name'])
    await recorder.nth(`Customer ${north}`)
    expect(recorder.hints()).toEqual([`Customer ${north}`])
    expect(recorder.heard).not.toContain(`Customer ${south}`)
  })

  it('connects again after the server drops the socket, subscribed again, and says connected again', async () => {
    const remote = frappeRemote({ url: ref.url, token: ADMIN_TOKEN, realtime: FAST })
    const { recorder } = watching(remote, ['Customer'])
    await recorder.nth('connected')
    ref.server.realtime.disconnectAll()
    await recorder.nth('connected', 2)
    const name = String((await ref.admin.insert('Customer', customerDoc('After Drop')))['name'])
    await recorder.nth(`Customer ${name}`)
    expect(recorder.heard).toEqual(['connected', 'disconnected', 'connected', `Customer ${name}`])
  })

  it('logs in again when the session ended while it was away', async () => {
    const remote = frappeRemote({ url: ref.url, ...SALES_USER, realtime: FAST })
    const { recorder } = watching(remote, ['Customer'])
    await recorder.nth('connected')
    await ref.site.db.transaction((tx) => tx.run('DELETE FROM "__session" WHERE "user" = ?', [SALES_USER.username]))
    ref.server.realtime.disconnectAll()
    await recorder.nth('connected', 2)
    // The old sid was refused: a fresh login made the only session there is.
    const sessions = await ref.site.db.transaction((tx) => tx.get<{ n: number }>('SELECT count(*) AS n FROM "__session" WHERE "user" = ?', [SALES_USER.username]), { readOnly: true })
    expect(sessions?.n).toBe(1)
    const name = String((await ref.admin.insert('Customer', customerDoc('After Relogin')))['name'])
    await recorder.nth(`Customer ${name}`)
  })

  it('with refused credentials: never connected, nothing thrown, and unwatching stops the retries', async () => {
    const remote = frappeRemote({ url: ref.url, token: 'admin-key:wrong-secret', realtime: FAST })
    const { recorder, stop } = watching(remote, ['Customer'])
    await sleep(400)
    expect(recorder.heard).toEqual([])
    stop()
    await until(() => ref.server.realtime.io.engine.clientsCount === 0, 'no open socket')
    await sleep(300)
    expect(ref.server.realtime.io.engine.clientsCount).toBe(0)
  })

  it('shares one socket among watchers; the last unwatch closes it', async () => {
    const remote = frappeRemote({ url: ref.url, token: ADMIN_TOKEN, realtime: FAST })
    const a = watching(remote, ['Customer'])
    const b = watching(remote, ['Customer', 'Territory'])
    await a.recorder.nth('connected')
    await b.recorder.nth('connected')
    expect(ref.server.realtime.io.engine.clientsCount).toBe(1)
    a.stop()
    const name = String((await ref.admin.insert('Customer', customerDoc('Only B Hears')))['name'])
    await b.recorder.nth(`Customer ${name}`)
    expect(a.recorder.hints()).toEqual([])
    b.stop()
    await until(() => ref.server.realtime.io.engine.clientsCount === 0, 'the socket to close')
  })

  it('a listener that throws does not keep the others from hearing', async () => {
    const remote = frappeRemote({ url: ref.url, token: ADMIN_TOKEN, realtime: FAST })
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    cleanups.push(() => {
      console.error = original
    })
    remote.watch?.(['Customer'], { changed: () => { throw new Error('listener bug') }, connected: () => undefined, disconnected: () => undefined })
    const { recorder } = watching(remote, ['Customer'])
    await recorder.nth('connected')
    const name = String((await ref.admin.insert('Customer', customerDoc('Despite A Bug')))['name'])
    await recorder.nth(`Customer ${name}`)
    expect(errors.length).toBeGreaterThan(0)
  })
})

describe('frappeRemote.watch across a server restart', () => {
  it('says disconnected, then connected again once the server is back on the same port, and hints flow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outpost-realtime-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const [key, secret] = ADMIN_TOKEN.split(':') as [string, string]
    const start = async (port: number): Promise<RunningServer> => startServer(await openSite({
      dbPath: join(dir, 'site.db'), doctypes: loadDemoDocTypes(), controllers: demoControllers, adminApiKey: key, adminApiSecret: secret,
    }), { port })
    let server = await start(0)
    cleanups.push(() => server.close())
    const port = Number(new URL(server.url).port)
    const remote = frappeRemote({ url: server.url, token: ADMIN_TOKEN, realtime: FAST })
    const { recorder } = watching(remote, ['Currency'])
    await recorder.nth('connected')
    await server.close()
    await recorder.nth('disconnected')
    server = await start(port)
    await recorder.nth('connected', 2)
    const res = await fetch(`${server.url}/api/resource/Currency`, {
      method: 'POST', headers: { authorization: `token ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ currency_name: 'EUR', enabled: 1 }),
    })
    expect(res.status).toBe(200)
    await recorder.nth('Currency EUR')
    expect(recorder.heard).toEqual(['connected', 'disconnected', 'connected', 'Currency EUR'])
  })
})
