import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerStaticApp } from './desk-static.ts'

describe('serving the desk app at /', () => {
  let dir: string
  let app: FastifyInstance

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'outpost-static-'))
    mkdirSync(join(dir, 'assets'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>desk</title>')
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)')
    writeFileSync(join(dir, 'sw.js'), 'self.x = 1')
    writeFileSync(join(dir, 'manifest.webmanifest'), '{}')
    writeFileSync(join(tmpdir(), 'outside.txt'), 'secret')
    app = Fastify()
    registerStaticApp(app, dir, (reply, path) => reply.code(404).send({ exc_type: 'DoesNotExistError', path }))
    app.get('/api/method/ping', async () => ({ message: 'pong' }))
    await app.ready()
  })

  afterAll(async () => {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('serves files with their type; hashed assets are cached for good, the rest revalidated', async () => {
    const js = await app.inject({ url: '/assets/index-abc.js' })
    expect(js.statusCode).toBe(200)
    expect(js.headers['content-type']).toContain('text/javascript')
    expect(js.headers['cache-control']).toContain('immutable')
    const sw = await app.inject({ url: '/sw.js' })
    expect(sw.headers['cache-control']).toBe('no-cache')
    expect((await app.inject({ url: '/manifest.webmanifest' })).headers['content-type']).toContain('application/manifest+json')
  })

  it("answers the app's own routes with index.html, names with dots included", async () => {
    for (const url of ['/', '/app', '/app/sales-invoice/ACC-SINV-2026-00001', '/app/customer/Acme%20Co.?x=1']) {
      const res = await app.inject({ url })
      expect(res.statusCode, url).toBe(200)
      expect(res.body).toContain('<title>desk</title>')
    }
  })

  it('never answers /api or /socket.io with the app, a missing asset is a 404, and nothing outside the folder is served', async () => {
    expect((await app.inject({ url: '/api/method/ping' })).json()).toEqual({ message: 'pong' })
    expect((await app.inject({ url: '/api/resource/Nope' })).statusCode).toBe(404)
    expect((await app.inject({ url: '/socket.io/x' })).statusCode).toBe(404)
    expect((await app.inject({ url: '/assets/gone-123.js' })).statusCode).toBe(404)
    expect((await app.inject({ url: '/gone.js' })).statusCode).toBe(404)
    const escape = await app.inject({ url: '/..%2Foutside.txt' })
    expect(escape.body).not.toContain('secret')
  })
})
