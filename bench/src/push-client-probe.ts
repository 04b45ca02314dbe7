import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { fileURLToPath } from 'node:url'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { SERVER_ENV } from './auth.ts'
import { startServerProcess } from './server-process.ts'
import { round } from './stats.ts'
import { createOffline, openOutpostReplica, timedPush } from './sync-push.ts'

/**
 * A replica (sqliteStore + outpostRemote) pushing N offline-created Sales Invoices (1% for
 * offline Customers) to `outpost serve --demo` in its own process, with the CPU each side spent
 * during the push:
 *
 *   node --conditions=outpost-source --import tsx bench/src/push-client-probe.ts [--invoices 5000] [--size small] [--prof push.cpuprofile]
 *
 * `--prof` writes a CPU profile of this process (the replica) covering only the push.
 * `--fake-server`: boot from the real server, then push to sync-push-fake-server.ts, which
 * accepts everything without doing a server's work: the replica's own cost per document.
 */
const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '5000' },
    size: { type: 'string', default: 'small' },
    prof: { type: 'string' },
    'fake-server': { type: 'boolean', default: false },
  },
})

/** The fake server in its own process; resolves with its URL and a stop function. */
function startFake(): Promise<{ url: string; stop: () => void }> {
  const script = fileURLToPath(new URL('./sync-push-fake-server.ts', import.meta.url))
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const m = /Outpost site at (http:\/\/\S+)/.exec(chunk.toString())
      if (m) resolve({ url: m[1]!, stop: () => child.kill() })
    })
    child.once('exit', (code) => reject(new Error(`fake server exited with ${code}`)))
  })
}

/** CPU seconds a process used so far (Linux /proc; undefined elsewhere). */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

async function profiled<T>(path: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (path === undefined) return fn()
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  try {
    return await fn()
  } finally {
    const { profile } = await session.post('Profiler.stop')
    writeFileSync(path, JSON.stringify(profile))
    session.disconnect()
  }
}

const n = Number(values.invoices)
const dir = mkdtempSync(join(tmpdir(), 'outpost-push-client-'))
const server = await startServerProcess(['--demo', '--demo-size', values.size, '--db', join(dir, 'site.db'), '--port', String(19000 + Math.floor(Math.random() * 1000))], SERVER_ENV)
const fake = values['fake-server'] ? await startFake() : undefined
try {
  let replica = await openOutpostReplica(server.url, join(dir, 'r.db'), 1000)
  await replica.sync()
  if (fake) {
    await replica.close()
    replica = await openOutpostReplica(fake.url, join(dir, 'r.db'), 1000)
  }
  const t0 = performance.now()
  const made = await createOffline(replica, n, 0)
  console.log('created', made, round((performance.now() - t0) / 1000), 's')
  const serverCpu0 = cpuSeconds(server.child.pid)
  const clientCpu0 = process.cpuUsage()
  const r = await profiled(values.prof, () => timedPush(replica))
  const clientCpu = process.cpuUsage(clientCpu0)
  const serverCpu1 = cpuSeconds(server.child.pid)
  const perDoc = (s: number): number => round((s * 1e6) / made, 0)
  console.log(JSON.stringify({
    ...r, seconds: round(r.seconds), docs_per_s: Math.round(made / r.seconds),
    client_cpu_us_per_doc: perDoc((clientCpu.user + clientCpu.system) / 1e6),
    ...(serverCpu0 !== undefined && serverCpu1 !== undefined ? { server_cpu_us_per_doc: perDoc(serverCpu1 - serverCpu0) } : {}),
  }))
  await replica.close()
} finally {
  fake?.stop()
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
}
