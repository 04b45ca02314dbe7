import { TIER_GLOBAL, type TierBoot, type TierConnection, type TierLatency, type TierList, type TierPage, type TierSystem } from './tier-api.ts'

/**
 * What both browser-tier pages share: timing, the heap sampler, and the page API around one
 * system's boot and queries. Each system gets a page (and a Chromium) of its own: RxDB bundles
 * a Dexie of its own, and two Dexie versions refuse to load in one page.
 */
export interface TierDriver {
  readonly system: TierSystem
  boot(name: string, c: TierConnection): Promise<number>
  listView(customer: string): Promise<{ rows: number; count: number }>
  unindexed(): Promise<number>
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

async function timed(runs: number, fn: (i: number) => Promise<unknown>): Promise<TierLatency> {
  for (let i = 0; i < 5; i++) await fn(i)
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn(i)
    ms.push(performance.now() - t0)
  }
  ms.sort((a, b) => a - b)
  const at = (p: number): number => Math.round(ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)]! * 1000) / 1000
  return { p50_ms: at(50), p95_ms: at(95) }
}

/** Put the page API for `driver` on the page's global. */
export function servePage(driver: TierDriver): void {
  let booted = false
  const only = (system: TierSystem): void => {
    if (system !== driver.system) throw new Error(`this page runs ${driver.system}, not ${system}`)
  }
  const page: TierPage = {
    async boot(system, name, c) {
      only(system)
      if (booted) throw new Error('a database is open: drop it first')
      const t0 = performance.now()
      const { result: docs, peak } = await withPeakHeap(() => driver.boot(name, c))
      booted = true
      return { seconds: (performance.now() - t0) / 1000, docs, peak_heap_mb: Math.round(peak * 10) / 10 } satisfies TierBoot
    },
    async list(system, customers, runs): Promise<TierList> {
      only(system)
      if (!booted) throw new Error(`${system} is not booted`)
      const indexed = await timed(runs, (i) => driver.listView(customers[i % customers.length]!))
      let rows = 0
      const unindexed = await timed(runs, async () => {
        rows = await driver.unindexed()
      })
      return { indexed: { ...indexed, ...(await driver.listView(customers[0]!)) }, unindexed: { ...unindexed, rows } }
    },
    async drop(system) {
      only(system)
      if (!booted) return
      booted = false
      await driver.drop()
    },
  }
  ;(globalThis as Record<string, unknown>)[TIER_GLOBAL] = page
}
