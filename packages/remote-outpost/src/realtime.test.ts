import type { RealtimeHint, RealtimeListener } from '@outpost/core'
import { demoControllers, loadDemoDocTypes, openSite, startServer, type RunningServer } from '@outpost/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outpostRemote, type OutpostRemote } from './outpost-remote.ts'

const TOKEN = 'rt-key:rt-secret-0123456789'
let server: RunningServer

async function post(doctype: string, doc: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.url}/api/resource/${encodeURIComponent(doctype)}`, {
    method: 'POST', headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(doc),
  })
  const body = (await res.json()) as { data: Record<string, unknown> }
  if (res.status !== 200) throw new Error(`insert ${doctype}: ${res.status} ${JSON.stringify(body)}`)
  return body.data
}

beforeAll(async () => {
  const [key, secret] = TOKEN.split(':') as [string, string]
  const site = await openSite({ dbPath: ':memory:', doctypes: loadDemoDocTypes(), controllers: demoControllers, adminApiKey: key, adminApiSecret: secret })
  server = await startServer(site, { port: 0 })
  await post('Territory', { territory_name: 'All Territories', is_group: 1 })
  await post('Customer Group', { customer_group_name: 'All Customer Groups', is_group: 1 })
})
afterAll(() => server.close())

/** What a listener heard, in order, with a way to wait for an entry. */
function recorder(): RealtimeListener & { heard: string[]; until(entry: string, n?: number): Promise<void> } {
  const heard: string[] = []
  const waiters = new Set<() => void>()
  const push = (entry: string): void => {
    heard.push(entry)
    for (const w of waiters) w()
  }
  return {
    heard,
    changed: (hint: RealtimeHint) => push(`${hint.doctype} ${hint.name ?? ''}`),
    connected: () => push('connected'),
    disconnected: () => push('disconnected'),
    until(entry, n = 1) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${entry} ×${n}; heard ${JSON.stringify(heard)}`)), 10_000)
        const check = (): void => {
          if (heard.filter((h) => h === entry).length < n) return
          clearTimeout(timer)
          waiters.delete(check)
          resolve()
        }
        waiters.add(check)
        check()
      })
    },
  }
}

const customer = (name: string): Record<string, unknown> => ({ customer_name: name, customer_type: 'Company', territory: 'All Territories', customer_group: 'All Customer Groups' })

describe('outpostRemote.watch against the Outpost server', () => {
  let remote: OutpostRemote
  afterAll(() => remote?.close?.())

  it('declares realtime and hints the documents its own batch push created', async () => {
    remote = outpostRemote({ url: server.url, token: TOKEN, realtime: { retryMs: 50, retryMaxMs: 250 } })
    expect(remote.capabilities.realtime).toBe(true)
    const listener = recorder()
    remote.watch?.(['Customer'], listener)
    await listener.until('connected')
    const pushed = await remote.pushBatch([{
      id: 'rt-1', kind: 'insert', doctype: 'Customer', name: 'new-customer-00000000-0000-4000-8000-000000000001', outpostId: 'o-rt-1',
      baseModified: undefined, doc: customer('Pushed And Heard'), maybeApplied: false,
    }])
    if (pushed.kind !== 'results' || pushed.results[0]?.kind !== 'accepted') throw new Error(`push failed: ${JSON.stringify(pushed)}`)
    const name = String(pushed.results[0].doc?.['name'])
    await listener.until(`Customer ${name}`)
    expect(listener.heard).toEqual(['connected', `Customer ${name}`])
  })

  it('says connected again after the server drops every socket, and hints flow again', async () => {
    const listener = recorder()
    remote.watch?.(['Customer'], listener)
    await listener.until('connected')
    server.realtime.disconnectAll()
    await listener.until('connected', 2)
    const created = await post('Customer', customer('After Reconnect'))
    await listener.until(`Customer ${String(created['name'])}`)
    expect(listener.heard).toEqual(['connected', 'disconnected', 'connected', `Customer ${String(created['name'])}`])
  })
})
