import type { ListResult } from '../client-api.ts'
import { listRuns, type ListQueries } from '../list-runs.ts'
import { TIER_GLOBAL, type TierBoot, type TierConnection, type TierPage, type TierSystem } from './tier-api.ts'

/**
 * What both browser-tier pages share: the heap sampler and the page API around one system's
 * boot and queries. Each system gets a page (and a Chromium) of its own: RxDB bundles a Dexie
 * of its own, and two Dexie versions refuse to load in one page.
 */
export interface TierDriver {
  readonly system: TierSystem
  /** Boot into the IndexedDB database `name`; answers the documents stored and the booted database's queries. */
  boot(name: string, c: TierConnection): Promise<{ docs: number; queries: ListQueries }>
  /** Close the booted database and delete it. */
  drop(): Promise<void>
}

export const origin = (): string => (globalThis as unknown as { location: { origin: string } }).location.origin
const heapMb = (): number => ((globalThis as unknown as { performance: { memory?: { usedJSHeapSize: number } } }).performance.memory?.usedJSHeapSize ?? 0) / 1024 / 1024

/** `work`, with the page's JS heap sampled every 50 ms while it runs. */
async function withPeakHeap<T>(work: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = heapMb()
  const timer = setInterval(() => {
    peak = Math.max(peak, heapMb())
  }, 50)
  try {
    const result = await work()
    return { result, peak: Math.max(peak, heapMb()) }
  } finally {
    clearInterval(timer)
  }
}

/** Put the page API for `driver` on the page's global. */
export function servePage(driver: TierDriver): void {
  let booted: ListQueries | undefined
  const only = (system: TierSystem): void => {
    if (system !== driver.system) throw new Error(`this page runs ${driver.system}, not ${system}`)
  }
  const page: TierPage = {
    async boot(system, name, c) {
      only(system)
      if (booted) throw new Error('a database is open: drop it first')
      const t0 = performance.now()
      const { result, peak } = await withPeakHeap(() => driver.boot(name, c))
      booted = result.queries
      return { seconds: (performance.now() - t0) / 1000, docs: result.docs, peak_heap_mb: Math.round(peak * 10) / 10 } satisfies TierBoot
    },
    async list(system, customers, runs): Promise<ListResult> {
      only(system)
      if (!booted) throw new Error(`${system} is not booted`)
      return listRuns(booted, customers, runs)
    },
    async drop(system) {
      only(system)
      if (!booted) return
      booted = undefined
      await driver.drop()
    },
  }
  ;(globalThis as Record<string, unknown>)[TIER_GLOBAL] = page
}
