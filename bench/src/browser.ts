import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { SERVER_ENV, TOKEN } from './auth.ts'
import { bundle, startPageServer } from '@outpost/browser/testing'
import { openChromium, CHROMIUM, type Browser } from './browser-chromium.ts'
import type { BaselineResult } from './browser-naive-baseline.ts'
import type { ListSamples, SaveSamples } from './browser-page-latency.ts'
import { PAGE_GLOBAL, type BenchPage, type BootResult, type PageConnection } from './browser-page-api.ts'
import { profiled, type ProfileLine } from './browser-profile.ts'
import type { BrowserFigures, SettledFigures } from './browser-report.ts'
import { startServerProcess } from './server-process.ts'
import { median, percentile, round } from './stats.ts'

/**
 * The browser suite: a demo site in its own process, a page served on loopback that proxies
 * /api/* to it, and headless Chromium. In the page, per run: the naive IndexedDB baseline, then
 * the replica's boot into IndexedDB (Sales Invoice and the masters it links to), each into its
 * own fresh database. On the last boot, saves and list queries. Figures are medians of `runs`.
 */
export const BROWSER_TARGETS = { boot_vs_baseline: 2, save_p95_ms: 10, list_p95_ms: 20 }
const DOCTYPES = ['Sales Invoice']
const PAGE_SIZE = 1000
const SAMPLES = 200

type Method = keyof BenchPage
type Answer<M extends Method> = Awaited<ReturnType<BenchPage[M]>>

/** Call `outpostBench[method](...args)` in the page. */
function call<M extends Method>(page: Page, method: M, ...args: Parameters<BenchPage[M]>): Promise<Answer<M>> {
  return page.evaluate(async ([g, m, a]) => {
    const api = (globalThis as unknown as Record<string, Record<string, (...xs: unknown[]) => Promise<unknown>>>)[g]!
    return api[m]!(...a)
  }, [PAGE_GLOBAL, method, args as unknown[]] as const) as Promise<Answer<M>>
}

export interface BrowserOptions {
  readonly size: string
  readonly runs: number
  /** Write a CPU profile of the first boot here and print its heaviest functions. */
  readonly profile?: string
  /** Write a CPU profile of the timed saves here and print their heaviest functions. */
  readonly profileSaves?: string
  /** Time the saves and lists again after this many quiet seconds (the browser's storage settled after the boot's writes). */
  readonly settledS?: number
}

/** One line per measured run on stderr, so a long run shows where it is. */
function progress(what: string, r: { seconds: number; docs: number }): void {
  console.error(`${what}: ${r.docs} documents in ${round(r.seconds)} s (${round(r.docs / r.seconds, 0)} docs/s)`)
}

interface Runs { boots: BootResult[]; baselines: BaselineResult[]; profile: ProfileLine[] | undefined }

async function measureRuns(browser: Browser, o: BrowserOptions): Promise<Runs> {
  const { page } = browser
  const conn: PageConnection = { token: TOKEN, doctypes: DOCTYPES, pageSize: PAGE_SIZE }
  const runs: Runs = { boots: [], baselines: [], profile: undefined }
  for (let r = 0; r < o.runs; r++) {
    if (r > 0) {
      await call(page, 'closeReplica', true)
      await baseline(browser, runs, `outpost-bench-baseline-${r}`)
    }
    const boot = () => call(page, 'boot', `outpost-bench-boot-${r}`, conn)
    if (r === 0 && o.profile) {
      const p = await profiled(browser.context, page, o.profile, boot)
      runs.boots.push(p.result)
      runs.profile = p.top
    } else runs.boots.push(await boot())
    progress('boot', runs.boots.at(-1)!)
  }
  return runs
}

/** A baseline run (it pulls what the boot pulled: the synced DocTypes and the masters they link to), its database deleted after. */
async function baseline(browser: Browser, runs: Runs, name: string): Promise<void> {
  const conn: PageConnection = { token: TOKEN, doctypes: runs.boots[0]!.doctypes, pageSize: PAGE_SIZE }
  runs.baselines.push(await call(browser.page, 'baseline', name, conn))
  progress('baseline', runs.baselines.at(-1)!)
  await call(browser.page, 'deleteDatabase', name)
}

const latency = (xs: readonly number[]) => ({ p50_ms: round(median(xs), 2), p95_ms: round(percentile(xs, 95), 2) })

/** The saves' and lists' percentiles, and the p95 each target is checked on. */
function latencies(saves: SaveSamples, lists: ListSamples): Omit<SettledFigures, 'after_s'> {
  const create = latency(saves.create)
  const update = latency(saves.update)
  const list = latency(lists.list)
  const floor = { create: latency(saves.floor_create), update: latency(saves.floor_update), puts: latency(saves.floor_puts) }
  return { save_p95_ms: Math.max(create.p95_ms, update.p95_ms), list_p95_ms: list.p95_ms, create, update, list, count: latency(lists.count), floor }
}

function figures(o: BrowserOptions, runs: Runs, saves: SaveSamples, lists: ListSamples): Omit<BrowserFigures, 'pass'> {
  const bootSeconds = median(runs.boots.map((b) => b.seconds))
  const baselineSeconds = median(runs.baselines.map((b) => b.seconds))
  const mid = runs.boots.find((b) => b.seconds === bootSeconds)!
  const docs = mid.docs
  const pull = mid.split.pull_ms / 1000
  const write = mid.split.write_ms / 1000
  const baselinePull = median(runs.baselines.map((b) => b.pull_seconds))
  return {
    size: o.size, runs: o.runs, boot_docs: docs, boot_seconds: round(bootSeconds), baseline_seconds: round(baselineSeconds),
    boot_docs_per_s: round(docs / bootSeconds, 0), baseline_docs_per_s: round(runs.baselines[0]!.docs / baselineSeconds, 0),
    boot_vs_baseline: round((docs / bootSeconds) / (runs.baselines[0]!.docs / baselineSeconds)),
    ...latencies(saves, lists),
    idb_per_call: { save: saves.idb, list: lists.idb_list, count: lists.idb_count },
    boot_split: { pull_seconds: round(pull), write_seconds: round(write), other_seconds: round(bootSeconds - pull - write) },
    baseline_pull_seconds: round(baselinePull),
    // the same ratio without the pulls (request and parsing), which both pay alike
    storage_vs_baseline: round((baselineSeconds - baselinePull) / (bootSeconds - pull)),
    all_runs: { boot: runs.boots.map((b) => round(b.seconds)), baseline: runs.baselines.map((b) => round(b.seconds)) },
    saves: SAMPLES, lists: SAMPLES, ...(saves.per_save ? { per_save: saves.per_save } : {}),
  }
}

function verdicts(f: Omit<BrowserFigures, 'pass'>): Record<string, boolean> {
  const out = {
    boot_vs_baseline: f.boot_vs_baseline >= BROWSER_TARGETS.boot_vs_baseline,
    save_p95: f.save_p95_ms <= BROWSER_TARGETS.save_p95_ms,
    list_p95: f.list_p95_ms <= BROWSER_TARGETS.list_p95_ms,
  }
  return { ...out, all: Object.values(out).every(Boolean) }
}

/** The figures, the verdicts, and what the run was made on. */
export type BrowserResult = BrowserFigures & { boot_profile_top?: ProfileLine[]; saves_profile_top?: ProfileLine[] } & Record<string, unknown>

async function timedSaves(browser: Browser, o: BrowserOptions): Promise<{ saves: SaveSamples; top: ProfileLine[] | undefined }> {
  const saves = () => call(browser.page, 'saves', SAMPLES)
  if (!o.profileSaves) return { saves: await saves(), top: undefined }
  const p = await profiled(browser.context, browser.page, o.profileSaves, saves)
  return { saves: p.result, top: p.top }
}

/** Saves and lists timed again on the same boot after `seconds` with the page idle. */
async function settledLatency(browser: Browser, seconds: number): Promise<SettledFigures> {
  console.error(`waiting ${seconds} s before timing saves and lists again`)
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  const saves = await call(browser.page, 'saves', SAMPLES)
  const lists = await call(browser.page, 'lists', SAMPLES)
  return { after_s: seconds, ...latencies(saves, lists) }
}

async function inBrowser(serverUrl: string, o: BrowserOptions): Promise<BrowserResult> {
  const pageServer = await startPageServer(await bundle(new URL('./browser-page.ts', import.meta.url)), serverUrl)
  const browser = await openChromium(pageServer.url)
  try {
    const version = browser.context.browser()?.version() ?? (await browser.page.evaluate(() => (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent))
    const runs = await measureRuns(browser, o)
    const { saves, top: savesTop } = await timedSaves(browser, o)
    const lists = await call(browser.page, 'lists', SAMPLES)
    const settled = o.settledS === undefined ? undefined : await settledLatency(browser, o.settledS)
    // Boots and baselines alternate; the last baseline comes after the last boot's saves and
    // lists, which run on the boot just made, as a user's first minutes would: a database written
    // and deleted just before would leave the browser's storage compacting under them.
    await baseline(browser, runs, 'outpost-bench-baseline-last')
    await call(browser.page, 'closeReplica', true)
    const f = figures(o, runs, saves, lists)
    const counts = runs.boots[0]!.counts
    return {
      ...f, pass: verdicts(f), targets: BROWSER_TARGETS, page_size: PAGE_SIZE, doctypes: DOCTYPES, pulled_doctypes: runs.boots[0]!.doctypes,
      sales_invoices: counts['Sales Invoice'], baseline_docs: runs.baselines[0]!.docs, baseline_child_rows: runs.baselines[0]!.child_rows,
      chromium: version, chromium_path: CHROMIUM, node: process.version, ...(runs.profile ? { boot_profile_top: runs.profile } : {}),
      ...(savesTop ? { saves_profile_top: savesTop } : {}), ...(settled ? { settled } : {}),
    }
  } finally {
    await browser.close()
    await pageServer.close()
  }
}

export async function runBrowserBench(o: BrowserOptions): Promise<BrowserResult> {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-bench-browser-'))
  const port = String(19000 + Math.floor(Math.random() * 1000))
  try {
    const server = await startServerProcess(['--demo', '--demo-size', o.size, '--db', join(dir, 'site.db'), '--port', port], SERVER_ENV)
    try {
      return await inBrowser(server.url, o)
    } finally {
      await server.stop()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
