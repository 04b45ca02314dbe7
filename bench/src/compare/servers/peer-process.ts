import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface PeerProcess {
  readonly url: string
  readonly child: ChildProcess
  stop(): Promise<void>
}

/**
 * Run a bench server script (TypeScript, through tsx) in its own process and wait for its
 * `PEER at <url>` line. Scripts that only prepare data print `PEER done` and exit.
 */
export function startPeerProcess(script: string, args: readonly string[], timeoutMs = 1_800_000): Promise<PeerProcess> {
  const path = fileURLToPath(new URL(script, import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', '--max-old-space-size=8192', path, ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`${script} did not start in ${timeoutMs} ms`))
    }, timeoutMs)
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /PEER at (http:\/\/\S+)|PEER (done)/.exec(out)
      if (!m) return
      clearTimeout(timer)
      resolve({
        url: m[1] ?? '',
        child,
        stop: () => new Promise<void>((done) => {
          if (child.exitCode !== null) return done()
          child.once('exit', () => done())
          child.kill('SIGTERM')
        }),
      })
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (!/PEER /.test(out)) reject(new Error(`${script} exited early with code ${code}: ${out.slice(-300)}`))
    })
  })
}

/** Run a preparing script to its end. */
export async function runPeerScript(script: string, args: readonly string[]): Promise<void> {
  const p = await startPeerProcess(script, args)
  if (p.child.exitCode === null) await new Promise<void>((done) => p.child.once('exit', () => done()))
  if (p.child.exitCode !== 0) throw new Error(`${script} exited with code ${p.child.exitCode}`)
}

/** A free-enough port for one run's server. */
export const randomPort = (): number => 22000 + Math.floor(Math.random() * 3000)

/** JSON over loopback to a bench server's own `/bench/*` routes. */
export async function benchCall<T>(url: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(url + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${(await res.text()).slice(0, 300)}`)
  return (await res.json()) as T
}
