import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../packages/cli/bin/outpost.js', import.meta.url))

export interface ServerProcess {
  readonly url: string
  readonly child: ChildProcess
  stop(): Promise<void>
}

/** Run `outpost serve` in its own process and wait until it prints its URL. */
export function startServerProcess(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 600_000, nodeArgs: readonly string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`server did not start in ${timeoutMs} ms`))
    }, timeoutMs)
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /Outpost site at (http:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({
          url: m[1]!,
          child,
          stop: () => new Promise<void>((done) => {
            child.once('exit', () => done())
            child.kill('SIGTERM')
          }),
        })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited early with code ${code}`))
    })
  })
}
