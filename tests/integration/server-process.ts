import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../packages/cli/bin/outpost.js', import.meta.url))

export const ADMIN_TOKEN = 'itest-key:itest-secret-0123456789'

export interface ServerProcess {
  readonly url: string
  readonly port: number
  stop(): Promise<void>
}

/** `outpost serve --demo` in its own process, so a test can really stop and restart the server. */
export function startDemoServer(db: string, port = 0): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--demo', '--db', db, '--port', String(port)], {
    env: { ...process.env, OUTPOST_ADMIN_API_KEY: 'itest-key', OUTPOST_ADMIN_API_SECRET: 'itest-secret-0123456789' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000)
    const onData = (d: Buffer): void => {
      out += d.toString()
      const m = /Outpost site at (http:\/\/[^\s]+)/.exec(out)
      if (!m) return
      clearTimeout(timer)
      const url = m[1]!
      resolve({
        url,
        port: Number(new URL(url).port),
        stop: () => new Promise((done) => {
          child.once('exit', () => done())
          child.kill('SIGKILL')
        }),
      })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)))
  })
}

export async function api(url: string, path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const res = await fetch(url + path, { ...init, headers: { authorization: `token ${ADMIN_TOKEN}`, 'content-type': 'application/json' } })
  return (await res.json()) as Record<string, unknown>
}
