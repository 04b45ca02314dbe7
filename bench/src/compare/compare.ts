import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { DemoSize } from '@outpost/server'
import { writeResult } from '../report.ts'
import { runBrowserTier, type BrowserTierResult } from './browser/browser-tier.ts'
import { isSystem, SCENARIO_SIZES, SYSTEMS, type SystemName } from './compare-config.ts'
import { compareRows, type CompareRow } from './compare-report.ts'
import { prepareDataset } from './dataset.ts'
import { machineFacts, libraryVersions } from './machine-facts.ts'
import { writeCompareDocs, type CompareResult } from './compare-docs.ts'
import { runSystem, type SystemRuns } from './scenarios.ts'

/**
 * `npm run bench:compare -- [--size small|medium|large] [--runs N] [--systems a,b] [--tiers node,browser] [--command-timeout-min M] [--fresh] [--no-docs]`:
 * every system on the same dataset, server and client in separate processes on loopback, then
 * (browser tier) Outpost and RxDB booting into IndexedDB in Chromium; writes
 * bench/results/compare.json, the compare section of docs/benchmarks.md and its chart.
 * `--from-json` only rewrites the docs and chart from bench/results/compare.json.
 * `--command-timeout-min M`: a client step (a boot, a push…) still running after M minutes is
 * stopped, and its system is reported as not finished, with its RSS so far.
 * With OUTPOST_CLIENT_CPU_PROF=<dir> each client process writes a V8 CPU profile there.
 */
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: 'large' },
    runs: { type: 'string', default: '3' },
    systems: { type: 'string', default: SYSTEMS.join(',') },
    fresh: { type: 'boolean', default: false },
    'no-docs': { type: 'boolean', default: false },
    'from-json': { type: 'boolean', default: false },
    tiers: { type: 'string', default: 'node,browser' },
    'command-timeout-min': { type: 'string' },
  },
})
if (values['from-json']) {
  // Rewrite the docs section and chart from the last run's JSON, without running anything.
  writeCompareDocs(JSON.parse(readFileSync(fileURLToPath(new URL('../../results/compare.json', import.meta.url)), 'utf8')) as CompareResult)
  process.exit(0)
}
const size = values.size
if (size !== 'small' && size !== 'medium' && size !== 'large') throw new Error(`--size must be small, medium or large (got ${size})`)
const runs = Number(values.runs)
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number >= 1 (got ${values.runs})`)
const timeoutMin = values['command-timeout-min'] === undefined ? undefined : Number(values['command-timeout-min'])
if (timeoutMin !== undefined && !(timeoutMin > 0)) throw new Error(`--command-timeout-min must be a number of minutes > 0 (got ${values['command-timeout-min']})`)
const systems = values.systems.split(',').map((s) => s.trim())
for (const s of systems) if (!isSystem(s)) throw new Error(`unknown system ${s}: choose from ${SYSTEMS.join(', ')}`)

const tiers = values.tiers.split(',').map((t) => t.trim())
for (const t of tiers) if (t !== 'node' && t !== 'browser') throw new Error(`unknown tier ${t}: choose from node, browser`)

const sizes = SCENARIO_SIZES[size as DemoSize]
const machineBefore = machineFacts()
const dataset = await prepareDataset(size, join(tmpdir(), 'outpost-compare-cache'), values.fresh)
const work = mkdtempSync(join(tmpdir(), 'outpost-compare-'))
const factsPath = join(work, 'facts.json')
writeFileSync(factsPath, JSON.stringify(dataset.facts))
const all: SystemRuns[] = []
let browser: BrowserTierResult | undefined
try {
  if (tiers.includes('node')) {
    for (const system of systems as SystemName[]) {
      mkdirSync(join(work, system), { recursive: true })
      all.push(await runSystem(system, dataset, sizes, factsPath, join(work, system), runs, timeoutMin === undefined ? undefined : timeoutMin * 60_000))
    }
  }
  if (tiers.includes('browser')) browser = await runBrowserTier(dataset, work, runs, sizes.listRuns)
} finally {
  rmSync(work, { recursive: true, force: true })
}
const rows: CompareRow[] = all.flatMap((r) => compareRows(r, sizes.changes + sizes.deletions))
const result: CompareResult = {
  size, runs, scenario_sizes: sizes,
  dataset: { seed: dataset.facts.seed, doctypes: dataset.facts.doctypes, counts: dataset.facts.counts, docs: dataset.facts.docs, invoice_json_bytes_mean: dataset.facts.invoice_json_bytes_mean, invoice_items_mean: dataset.facts.invoice_items_mean },
  machine: { before: machineBefore, after: machineFacts() }, versions: libraryVersions(),
  errors: Object.fromEntries(all.flatMap((r) => (r.error === undefined ? [] : [[r.system, r.error]]))),
  rows,
  ...(browser ? { browser } : {}),
}
writeResult('compare', result)
if (!values['no-docs']) writeCompareDocs(result)
for (const r of [...rows, ...(browser?.rows ?? [])]) console.log(`${r.system.padEnd(13)} ${r.scenario.padEnd(16)} ${String(r.seconds).padStart(9)} s  ${String(r.docs_per_s ?? '').padStart(7)} docs/s  client ${r.client_peak_rss_mb} MB  server ${r.server_peak_rss_mb} MB`)
