import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SERVER_ENV } from './auth.ts'
import { runChildScript } from './child-script.ts'
import { PAGE_SIZE } from './floor-rest.ts'
import { offlineSaves, openOffline, queryLatency, type Latency, type SaveResult } from './replica-local.ts'
import { round } from './stats.ts'
import { startServerProcess } from './server-process.ts'

/**
 * Replica benchmark against the reference server in its own process over loopback: one boot
 * (beside a no-engine floor over the same REST calls, each in a process of its own so its
 * RSS is its alone), then offline saves and warm local queries on the booted file.
 */
export const DOCTYPES = ['Customer', 'Item', 'Sales Invoice', 'Payment Entry']
export const TARGETS = { boot_peak_rss_mb: 250, save_p95_ms: 2, query_p95_ms: 10 }
const SAVES = 500
const QUERY_RUNS = 100

interface ChildResult { seconds: number; docs: number; counts: Record<string, number>; peak_rss_mb: number; max_rss_mb: number }
interface BootResult extends ChildResult { doctypes: string[]; summary: Record<string, unknown> }

const pull = (r: ChildResult) => ({
  seconds: round(r.seconds), docs: r.docs, docs_per_s: round(r.docs / r.seconds, 1), peak_rss_mb: r.peak_rss_mb, max_rss_mb: r.max_rss_mb, counts: r.counts,
})

async function bootAndFloor(url: string, dir: string): Promise<{ boot: BootResult; floor: ChildResult }> {
  const boot = await runChildScript<BootResult>('./replica-boot-child.ts', ['--url', url, '--path', join(dir, 'replica.db'), '--doctypes', JSON.stringify(DOCTYPES)])
  if (boot.summary['offline'] || boot.summary['authRequired']) throw new Error(`boot did not reach the server: ${JSON.stringify(boot.summary)}`)
  // The floor pulls exactly the DocTypes the boot pulled (the configured ones and their masters).
  const floor = await runChildScript<ChildResult>('./replica-floor-child.ts', ['--url', url, '--path', join(dir, 'floor.db'), '--doctypes', JSON.stringify(boot.doctypes)])
  return { boot, floor }
}

function verdicts(boot: BootResult, saves: SaveResult, queries: Record<string, Latency>): Record<string, boolean> {
  const out: Record<string, boolean> = {
    boot_peak_rss: boot.peak_rss_mb <= TARGETS.boot_peak_rss_mb,
    save_create_p95: saves.create.p95_ms <= TARGETS.save_p95_ms,
    save_update_p95: saves.update.p95_ms <= TARGETS.save_p95_ms,
  }
  for (const [label, q] of Object.entries(queries)) out[`query: ${label}`] = q.p95_ms <= TARGETS.query_p95_ms
  return { ...out, all: Object.values(out).every(Boolean) }
}

export async function runReplicaBench(size: string): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-replica-'))
  const port = String(18000 + Math.floor(Math.random() * 1000))
  try {
    const t0 = performance.now()
    const server = await startServerProcess(['--demo', '--demo-size', size, '--db', join(dir, 'site.db'), '--port', port], SERVER_ENV)
    const seedSeconds = (performance.now() - t0) / 1000
    let pulled: { boot: BootResult; floor: ChildResult }
    try {
      pulled = await bootAndFloor(server.url, dir)
    } finally {
      await server.stop()
    }
    const { boot, floor } = pulled
    const replica = await openOffline(join(dir, 'replica.db'), DOCTYPES)
    let saves: SaveResult
    let queries: Record<string, Latency>
    try {
      saves = await offlineSaves(replica, SAVES)
      queries = await queryLatency(replica, QUERY_RUNS)
    } finally {
      await replica.close()
    }
    return {
      size, seed_seconds: round(seedSeconds, 1), doctypes: DOCTYPES, pulled_doctypes: boot.doctypes, page_size: PAGE_SIZE,
      boot: pull(boot), floor: pull(floor), boot_vs_floor_seconds: round(boot.seconds / floor.seconds),
      boot_vs_floor_peak_rss: round(boot.peak_rss_mb / floor.peak_rss_mb), offline_saves: saves, query_runs: QUERY_RUNS, queries,
      targets: TARGETS, pass: verdicts(boot, saves, queries), node: process.version,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
