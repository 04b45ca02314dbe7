import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startPageServer, type PageServer } from './page-server.ts'

/** A server that answers every request with its own name and the path it was asked for. */
async function echo(name: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`${name} ${req.method} ${req.url}`))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

const open: { close(): unknown }[] = []
afterEach(async () => {
  for (const s of open.splice(0)) await new Promise((resolve) => (s as Server | PageServer).close(resolve as never))
})

describe('startPageServer', () => {
  it('serves the page, sends /api/* to the site and a routed prefix to its own server, path kept', async () => {
    const site = await echo('site')
    const peer = await echo('peer')
    open.push(site.server, peer.server)
    const page = await startPageServer('globalThis.loaded = true', site.url, { routes: { '/rxdb/': peer.url } })
    const get = async (path: string, init?: RequestInit) => {
      const res = await fetch(page.url + path, init)
      return { status: res.status, text: await res.text() }
    }
    try {
      expect((await get('/')).text).toContain('/page.js')
      expect((await get('/page.js')).text).toBe('globalThis.loaded = true')
      expect(await get('/api/method/ping?x=1')).toEqual({ status: 200, text: 'site GET /api/method/ping?x=1' })
      expect(await get('/rxdb/pull', { method: 'POST', body: '{}' })).toEqual({ status: 200, text: 'peer POST /rxdb/pull' })
      expect((await get('/rxdbx')).status).toBe(404)
      expect((await get('/elsewhere')).status).toBe(404)
    } finally {
      await page.close()
    }
  })

  it('tells `observe` of each /api/* request with its body, as sent on, and the status it was answered with', async () => {
    const site = await echo('site')
    open.push(site.server)
    const seen: { method: string; path: string; body: string; status: number }[] = []
    const page = await startPageServer('', site.url, { observe: (r) => seen.push({ method: r.method, path: r.path, body: r.body, status: r.status }) })
    try {
      const res = await fetch(`${page.url}/api/method/outpost.sync.push?x=1`, { method: 'POST', body: '{"mutations":[]}' })
      expect(await res.text()).toBe('site POST /api/method/outpost.sync.push?x=1')
      await fetch(`${page.url}/page.js`)
      await new Promise<void>((resolve) => site.server.close(() => resolve()))
      open.splice(0)
      expect((await fetch(`${page.url}/api/method/ping`)).status).toBe(502)
      expect(seen).toEqual([
        { method: 'POST', path: '/api/method/outpost.sync.push', body: '{"mutations":[]}', status: 200 },
        { method: 'GET', path: '/api/method/ping', body: '', status: 502 },
      ])
    } finally {
      await page.close()
    }
  })

  it('answers 502 while a routed server is down', async () => {
    const site = await echo('site')
    open.push(site.server)
    const page = await startPageServer('', site.url, { routes: { '/peer/': 'http://127.0.0.1:9' } })
    try {
      const res = await fetch(`${page.url}/peer/x`)
      expect(res.status).toBe(502)
      expect(await res.text()).toMatch(/^proxy: /)
    } finally {
      await page.close()
    }
  })
})
