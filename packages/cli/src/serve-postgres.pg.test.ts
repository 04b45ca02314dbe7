import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, inject, it } from 'vitest'
import { createTestDatabase } from '../../server/test/postgres-cluster.ts'

const BIN = fileURLToPath(new URL('../bin/outpost.js', import.meta.url))

/** `outpost serve` with `args`: its URL once the banner is printed, or its output when it exits. */
function serve(args: string[]): Promise<{ url: string; output: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { env: { ...process.env, OUTPOST_ADMIN_API_KEY: 'k', OUTPOST_ADMIN_API_SECRET: 's3cret' } })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 120_000)
    child.stdout.on('data', () => {
      const m = /Outpost site at (\S+)/.exec(out)
      if (!m) return
      clearTimeout(timer)
      resolve({ url: m[1]!, output: out, stop: () => new Promise((done) => { child.once('exit', () => done()); child.kill('SIGTERM') }) })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited ${code}: ${out}`))
    })
  })
}

describe('outpost serve --db postgres://…', () => {
  it('serves the demo site from PostgreSQL, seeded once, and a second server shares it', async () => {
    const db = await createTestDatabase(inject('postgresUrl'))
    const first = await serve(['--demo', '--db', db])
    try {
      expect(first.output).toContain(`database ${db.replace(/\/\/[^@/]*@/, '//')}`)
      const second = await serve(['--demo', '--db', db])
      try {
        const count = async (url: string): Promise<number> => {
          const res = await fetch(`${url}/api/method/frappe.client.get_count?doctype=Company`, { headers: { authorization: 'token k:s3cret' } })
          return ((await res.json()) as { message: number }).message
        }
        expect(await count(first.url)).toBeGreaterThan(0)
        expect(await count(second.url)).toBe(await count(first.url))
      } finally {
        await second.stop()
      }
    } finally {
      await first.stop()
    }
  }, 240_000)

  it('says why when the database cannot be reached', async () => {
    await expect(serve(['--db', 'postgres://nobody:pw@127.0.0.1:1/none'])).rejects.toThrow(/Cannot open PostgreSQL database postgres:\/\/127\.0\.0\.1:1\/none/)
  })
})
