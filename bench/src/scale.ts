/**
 * Scale-out load test (a script, not a timed test): simulated field devices push and pull
 * through several `outpost serve` processes on one PostgreSQL database, then the same load
 * through one process, and through one process on SQLite. Writes bench/results/scale.json.
 *
 *   node --conditions=outpost-source --import tsx bench/src/scale.ts [--devices 100] [--ops 3000]
 *
 * Needs PostgreSQL's server binaries (Debian: apt-get install postgresql); it starts a
 * throw-away cluster on a loopback port and removes it at the end.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { createTestDatabase, startTestCluster } from '../../packages/server/test/postgres-cluster.ts'
import { SERVER_ENV, TOKEN } from './auth.ts'
import { READING_DOCTYPE, runDevice, type DeviceTally } from './scale-device.ts'
import { startServerProcess, type ServerProcess } from './server-process.ts'
import { percentile, round } from './stats.ts'

interface RunConfig {
  readonly backend: 'postgres' | 'sqlite'
  readonly instances: number
}

export interface ScaleResult {
  readonly backend: RunConfig['backend']
  readonly devices: number
  readonly instances: number
  readonly ops: number
  readonly ops_per_s: number
  readonly p50_ms: number
  readonly p99_ms: number
  readonly errors: number
  readonly duplicates: number
}

/** The first process makes the schema; the others start together on it. */
async function startInstances(db: string, docDir: string, n: number): Promise<ServerProcess[]> {
  const args = (): string[] => ['--db', db, '--port', '0', '--doctypes', docDir]
  const first = await startServerProcess(args(), SERVER_ENV)
  const rest = await Promise.all(Array.from({ length: n - 1 }, () => startServerProcess(args(), SERVER_ENV)))
  return [first, ...rest]
}

async function storedCount(url: string): Promise<number> {
  const res = await fetch(`${url}/api/method/frappe.client.get_count`, {
    method: 'POST', headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ doctype: 'Field Reading' }),
  })
  return Number(((await res.json()) as { message: unknown }).message)
}

/** Documents beyond one per accepted insert, and inserts answered with a name another had. */
function duplicatesOf(tallies: readonly DeviceTally[], stored: number): number {
  const names = new Map<string, string>()
  let mismatched = 0
  for (const t of tallies) {
    mismatched += t.mismatched
    for (const [id, name] of t.named) names.set(id, name)
  }
  const distinctNames = new Set(names.values()).size
  return Math.max(0, stored - names.size) + (names.size - distinctNames) + mismatched
}

async function runOnce(config: RunConfig, db: string, docDir: string, devices: number, ops: number): Promise<ScaleResult> {
  const servers = await startInstances(db, docDir, config.instances)
  try {
    const urls = servers.map((s) => s.url)
    const perDevice = Math.max(2, Math.round(ops / devices))
    const tallies: DeviceTally[] = Array.from({ length: devices }, () => ({ latencies: [], errors: 0, named: new Map(), mismatched: 0 }))
    const began = performance.now()
    await Promise.all(tallies.map((t, i) => runDevice(i, urls, perDevice, t)))
    const seconds = (performance.now() - began) / 1000
    const latencies = tallies.flatMap((t) => t.latencies)
    const errors = tallies.reduce((n, t) => n + t.errors, 0)
    return {
      backend: config.backend, devices, instances: config.instances, ops: perDevice * devices,
      ops_per_s: round(latencies.length / seconds, 1), p50_ms: round(percentile(latencies, 50), 1), p99_ms: round(percentile(latencies, 99), 1),
      errors, duplicates: duplicatesOf(tallies, await storedCount(urls[0]!)),
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { devices: { type: 'string', default: '100' }, ops: { type: 'string', default: '3000' } } })
  const devices = Number(values.devices)
  const ops = Number(values.ops)
  if (!Number.isInteger(devices) || devices < 1 || !Number.isInteger(ops) || ops < devices) throw new Error('--devices and --ops must be whole numbers, ops ≥ devices')
  // other work on the machine skews every figure: recorded with them
  const load = round(loadavg()[0] ?? 0, 1)
  const tmp = mkdtempSync(join(tmpdir(), 'outpost-scale-'))
  const docDir = join(tmp, 'doctypes')
  mkdirSync(docDir)
  writeFileSync(join(docDir, 'field_reading.json'), JSON.stringify(READING_DOCTYPE))
  const cluster = await startTestCluster()
  const runs: ScaleResult[] = []
  try {
    const configs: RunConfig[] = [{ backend: 'postgres', instances: 3 }, { backend: 'postgres', instances: 1 }, { backend: 'sqlite', instances: 1 }]
    for (const [i, config] of configs.entries()) {
      const db = config.backend === 'postgres' ? await createTestDatabase(cluster.url) : join(tmp, `site-${i}.db`)
      const result = await runOnce(config, db, docDir, devices, ops)
      console.log(JSON.stringify(result))
      runs.push(result)
    }
  } finally {
    cluster.stop()
    rmSync(tmp, { recursive: true, force: true })
  }
  const [headline, ...others] = runs
  const out = {
    ...headline, runs: [headline, ...others], cores: cpus().length, load_avg_1m_at_start: load,
    note: 'the devices, every server process and PostgreSQL share one machine',
  }
  mkdirSync(new URL('../results/', import.meta.url), { recursive: true })
  writeFileSync(new URL('../results/scale.json', import.meta.url), `${JSON.stringify(out, null, 2)}\n`)
}

await main()
