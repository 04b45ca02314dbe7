import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { fixturesSkipReason, requireFixtures } from '@outpost/meta/testing'

const BIN = fileURLToPath(new URL('../bin/outpost.js', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'outpost-cli-'))
const fixtures = requireFixtures()
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Start `outpost serve`, wait for its banner, return its URL and a stop function. */
function serve(args: string[], env: Record<string, string> = {}): Promise<{ url: string; output: () => string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: { ...process.env, ...env } })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 60_000)
    child.stdout.on('data', () => {
      const m = /Outpost site at (\S+)/.exec(out)
      if (!m) return
      clearTimeout(timer)
      resolve({ url: m[1]!, output: () => out, stop: () => new Promise((done) => { child.once('exit', () => done()); child.kill('SIGTERM') }) })
    })
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
  })
}

describe('outpost serve', () => {
  it('serves the demo site with its users and prints the logins', async () => {
    const server = await serve(['--demo', '--db', join(dir, 'demo.db')], { OUTPOST_ADMIN_API_KEY: 'k', OUTPOST_ADMIN_API_SECRET: 's3cret' })
    try {
      expect(server.output()).toContain('sales@example.com / sales')
      const ping = await fetch(`${server.url}/api/method/ping`)
      expect(await ping.json()).toEqual({ message: 'pong' })
      const login = await fetch(`${server.url}/api/method/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ usr: 'sales@example.com', pwd: 'sales' }) })
      expect(login.status).toBe(200)
      const count = await fetch(`${server.url}/api/method/frappe.client.get_count?doctype=Sales%20Invoice`, { headers: { authorization: 'token k:s3cret' } })
      expect(((await count.json()) as { message: number }).message).toBeGreaterThan(50)
    } finally {
      await server.stop()
    }
  })

  it('keeps data across restarts and does not seed twice', async () => {
    const db = join(dir, 'restart.db')
    const env = { OUTPOST_ADMIN_API_KEY: 'k', OUTPOST_ADMIN_API_SECRET: 's3cret' }
    const countOf = async (url: string): Promise<number> =>
      ((await (await fetch(`${url}/api/method/frappe.client.get_count?doctype=Customer`, { headers: { authorization: 'token k:s3cret' } })).json()) as { message: number }).message
    const first = await serve(['--demo', '--db', db], env)
    const before = await countOf(first.url)
    await first.stop()
    const second = await serve(['--demo', '--db', db], env)
    try {
      expect(await countOf(second.url)).toBe(before)
    } finally {
      await second.stop()
    }
  })

  it.skipIf(!fixtures)(fixtures ? 'loads DocTypes from a folder with --doctypes' : fixturesSkipReason(), async () => {
    const server = await serve(['--doctypes', fixtures!, '--db', join(dir, 'erpnext.db')], { OUTPOST_ADMIN_API_KEY: 'k', OUTPOST_ADMIN_API_SECRET: 's3cret' })
    try {
      expect(server.output()).toMatch(/warning: Sales Invoice\.\w+: Link to \w+/)
      const res = await fetch(`${server.url}/api/method/frappe.desk.form.load.getdoctype?doctype=Sales%20Invoice`, { headers: { authorization: 'token k:s3cret' } })
      const docs = ((await res.json()) as { docs: { name: string; fields: unknown[] }[] }).docs
      expect(docs[0]!.name).toBe('Sales Invoice')
      expect(docs[0]!.fields.length).toBeGreaterThan(200)
    } finally {
      await server.stop()
    }
  })

  it('refuses bad options with a message and exit code 2', () => {
    for (const args of [['--demo-size', 'huge'], ['--port', 'abc'], ['--no-such-flag']]) {
      const res = spawnSync(process.execPath, [BIN, 'serve', ...args], { encoding: 'utf8' })
      expect(res.status).toBe(2)
      expect(res.stderr).toContain('outpost:')
      expect(res.stderr).toContain('Usage: outpost <command>')
    }
    const unknown = spawnSync(process.execPath, [BIN, 'launch'], { encoding: 'utf8' })
    expect(unknown.status).toBe(2)
    expect(unknown.stderr).toContain('unknown command launch')
  })

  it('mirrors a site into a SQLite file with a progress bar', async () => {
    const server = await serve(['--demo', '--db', join(dir, 'mirror-source.db')], { OUTPOST_ADMIN_API_KEY: 'k', OUTPOST_ADMIN_API_SECRET: 's3cret' })
    try {
      const out = join(dir, 'mirror.db')
      const res = spawnSync(process.execPath, [BIN, 'mirror', '--url', server.url, '--token', 'k:s3cret', '--out', out, '--doctype', 'Customer', '--doctype', 'Sales Invoice'], { encoding: 'utf8', timeout: 60_000 })
      expect(res.status, res.stderr).toBe(0)
      expect(res.stdout).toMatch(/mirroring: \[#+\s*\] \d+\/\d+/)
      expect(res.stdout).toContain('boot: pushed 0, rejected 0, conflicts 0, pulled')
      const db = new Database(out, { readonly: true })
      const count = (db.prepare('SELECT count(*) AS n FROM "tabSales Invoice"').get() as { n: number }).n
      db.close()
      const server_count = await fetch(`${server.url}/api/method/frappe.client.get_count?doctype=Sales%20Invoice`, { headers: { authorization: 'token k:s3cret' } })
      expect(count).toBe(((await server_count.json()) as { message: number }).message)
      const bad = spawnSync(process.execPath, [BIN, 'mirror', '--url', server.url, '--token', 'k:wrong', '--out', join(dir, 'bad.db'), '--doctype', 'Customer'], { encoding: 'utf8', timeout: 60_000 })
      expect(bad.status).toBe(1)
      expect(bad.stderr).toContain('Cannot load the DocType Customer')
    } finally {
      await server.stop()
    }
  })

  it('mirrors over the Outpost sync protocol with --protocol outpost, and refuses an unknown protocol', async () => {
    const server = await serve(['--demo', '--db', join(dir, 'mirror-protocol.db')], { OUTPOST_ADMIN_API_KEY: 'k', OUTPOST_ADMIN_API_SECRET: 's3cret' })
    try {
      const out = join(dir, 'mirror-outpost.db')
      const res = spawnSync(process.execPath, [BIN, 'mirror', '--url', server.url, '--token', 'k:s3cret', '--out', out, '--doctype', 'Sales Invoice', '--protocol', 'outpost'], { encoding: 'utf8', timeout: 60_000 })
      expect(res.status, res.stderr).toBe(0)
      expect(res.stdout).toMatch(/boot: pushed 0, rejected 0, conflicts 0, pulled [1-9]\d*, deleted 0/)
      const bad = spawnSync(process.execPath, [BIN, 'mirror', '--url', server.url, '--token', 'k:s3cret', '--protocol', 'carrier-pigeon'], { encoding: 'utf8' })
      expect(bad.status).not.toBe(0)
      expect(bad.stderr).toContain('--protocol must be frappe or outpost')
    } finally {
      await server.stop()
    }
  })

  it('refuses mirror without a url or credentials', () => {
    const noUrl = spawnSync(process.execPath, [BIN, 'mirror', '--token', 'k:s'], { encoding: 'utf8' })
    expect(noUrl.status).toBe(2)
    expect(noUrl.stderr).toContain('--url is required')
    const noAuth = spawnSync(process.execPath, [BIN, 'mirror', '--url', 'http://127.0.0.1:1'], { encoding: 'utf8' })
    expect(noAuth.status).toBe(2)
  })
})
