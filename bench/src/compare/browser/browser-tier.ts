import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { bundle, startPageServer } from '@outpost/browser/testing'
import { TOKEN } from '../../auth.ts'
import { openChromium } from '../../browser-chromium.ts'
import { sampleProcessRss } from '../../proc-rss.ts'
import { median, round } from '../../stats.ts'
import { BATCH_SIZE, BOOT_DOCTYPES } from '../compare-config.ts'
import type { Dataset } from '../dataset.ts'
import { startOutpostServer } from '../servers/outpost-server.ts'
import { startSqlitePeerServer } from '../servers/sqlite-peer-server.ts'
import type { SystemServer } from '../servers/server-api.ts'
import { sampleChromiumPss } from './chromium-rss.ts'
import type { ListResult } from '../client-api.ts'
import { TIER_GLOBAL, TIER_SYSTEMS, type TierBoot, type TierConnection, type TierPage, type TierSystem } from './tier-api.ts'

/**
 * The browser tier of the comparison: S1 (boot) and S3 (list view) in headless Chromium, into
 * IndexedDB on disk, for Outpost (its IndexedDB store, Outpost protocol) and RxDB (Dexie
 * storage, the bench's RxDB server). Each system's server runs in its own process; the page
 * reaches it through a page server on loopback. Per system: a warm-up boot, `runs` measured
 * boots (each into a fresh database), then the list queries on the last one.
 */
export interface BrowserTierRow {
  readonly system: `${TierSystem} (Chromium)`
  readonly scenario: 'S1 boot' | 'S3 list view'
  readonly seconds: number
  readonly docs_per_s: number | null
  /** Every Chromium process together (proportional set sizes), peak while the scenario ran. */
  readonly client_peak_rss_mb: number
  /** The page's JavaScript heap, peak while booting. */
  readonly client_peak_heap_mb: number | null
  readonly server_peak_rss_mb: number | null
  readonly notes: string
  readonly all_runs?: readonly number[]
}

export interface BrowserTierResult {
  readonly rows: BrowserTierRow[]
  readonly chromium: string
  readonly errors: Record<string, string>
}

const STORAGE: Record<TierSystem, string> = {
  outpost: "Outpost's IndexedDB store (one object store of documents with child rows inside, a multiEntry index)",
  rxdb: 'RxDB 17 on its Dexie storage (open-source build), one collection per schema as in the Node tier',
}

function call<M extends keyof TierPage>(page: Page, method: M, ...args: Parameters<TierPage[M]>): Promise<Awaited<ReturnType<TierPage[M]>>> {
  return page.evaluate(async ([g, m, a]) => {
    const api = (globalThis as unknown as Record<string, Record<string, (...xs: unknown[]) => Promise<unknown>>>)[g]!
    return api[m]!(...a)
  }, [TIER_GLOBAL, method, args as unknown[]] as const) as Promise<Awaited<ReturnType<TierPage[M]>>>
}

function startServer(system: TierSystem, dataset: Dataset, dir: string): Promise<SystemServer> {
  mkdirSync(dir, { recursive: true })
  return system === 'outpost' ? startOutpostServer(dataset, dir) : startSqlitePeerServer('rxdb', dataset, dir)
}

interface Measured { boots: (TierBoot & { rss: number; server: number | undefined })[]; list: ListResult & { rss: number } }

async function measure(system: TierSystem, page: Page, profileDir: string, serverPid: number | undefined, runs: number, listRuns: number, customers: readonly string[]): Promise<Measured> {
  const conn: TierConnection = { token: TOKEN, doctypes: [...BOOT_DOCTYPES], batchSize: BATCH_SIZE }
  const boots: Measured['boots'] = []
  for (let r = 0; r <= runs; r++) {
    const rss = sampleChromiumPss(profileDir)
    const server = sampleProcessRss(serverPid, 50)
    const boot = await call(page, 'boot', system, `compare-${system}-${r}`, conn)
    const sample = { ...boot, rss: rss.stop(), server: server.stop() }
    console.log(`${system} (Chromium): ${r === 0 ? 'warm-up' : `run ${r} of ${runs}`}: S1 ${boot.seconds.toFixed(2)} s, ${boot.docs} documents`)
    if (r > 0) boots.push(sample)
    if (r < runs) await call(page, 'drop', system)
  }
  const rss = sampleChromiumPss(profileDir)
  const list = await call(page, 'list', system, customers, listRuns)
  const measured = { boots, list: { ...list, rss: rss.stop() } }
  await call(page, 'drop', system)
  return measured
}

function rowsOf(system: TierSystem, m: Measured): BrowserTierRow[] {
  const seconds = median(m.boots.map((b) => b.seconds))
  const mid = m.boots.find((b) => b.seconds === seconds) ?? m.boots[0]!
  const { indexed, unindexed } = m.list
  return [
    {
      system: `${system} (Chromium)`, scenario: 'S1 boot', seconds: round(seconds, 3), docs_per_s: round(mid.docs / seconds, 0),
      client_peak_rss_mb: round(Math.max(...m.boots.map((b) => b.rss)), 1), client_peak_heap_mb: Math.max(...m.boots.map((b) => b.peak_heap_mb)),
      server_peak_rss_mb: mid.server ?? null, notes: `${mid.docs} documents queryable; ${STORAGE[system]}`, all_runs: m.boots.map((b) => round(b.seconds, 3)),
    },
    {
      system: `${system} (Chromium)`, scenario: 'S3 list view', seconds: round(indexed.p50_ms / 1000, 6), docs_per_s: null,
      client_peak_rss_mb: round(m.list.rss, 1), client_peak_heap_mb: null, server_peak_rss_mb: null,
      notes: `customer = ? newest 20 + count: p50 ${indexed.p50_ms} ms, p95 ${indexed.p95_ms} ms (${indexed.rows} rows, count ${indexed.count}); po_no like %7% newest 20: p50 ${unindexed.p50_ms} ms, p95 ${unindexed.p95_ms} ms`,
    },
  ]
}

/** Both systems in one Chromium each, one after the other; a system that fails is reported, not fatal. */
export async function runBrowserTier(dataset: Dataset, work: string, runs: number, listRuns: number): Promise<BrowserTierResult> {
  const rows: BrowserTierRow[] = []
  const errors: Record<string, string> = {}
  let chromium = ''
  for (const system of TIER_SYSTEMS) {
    const server = await startServer(system, dataset, join(work, `browser-${system}`))
    const script = await bundle(new URL(`./tier-page-${system}.ts`, import.meta.url))
    const pageServer = await startPageServer(script, server.url, { routes: { '/rxdb/': server.url } })
    const browser = await openChromium(pageServer.url, TIER_GLOBAL)
    try {
      chromium = browser.context.browser()?.version() ?? (await browser.page.evaluate(() => (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent))
      rows.push(...rowsOf(system, await measure(system, browser.page, browser.profileDir, server.pid, runs, listRuns, dataset.facts.queryCustomers)))
    } catch (e) {
      errors[`${system} (Chromium)`] = e instanceof Error ? e.message : String(e)
      console.error(`${system} (Chromium) failed: ${errors[`${system} (Chromium)`]}`)
    } finally {
      await browser.close()
      await pageServer.close()
      await server.stop()
    }
  }
  return { rows, chromium, errors }
}
