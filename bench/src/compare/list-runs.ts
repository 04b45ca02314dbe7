import { percentile, round } from '../stats.ts'
import type { ListResult } from './client-api.ts'

/**
 * S3 as every client runs it, in Node and in a browser page alike: `runs` timed runs after 5
 * warm-ups, p50 and p95 in ms.
 */
export async function timedRuns(runs: number, fn: (i: number) => Promise<unknown>): Promise<{ p50_ms: number; p95_ms: number }> {
  for (let i = 0; i < 5; i++) await fn(i)
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await fn(i)
    ms.push(performance.now() - t0)
  }
  return { p50_ms: round(percentile(ms, 50), 3), p95_ms: round(percentile(ms, 95), 3) }
}

/** A client's two S3 queries. */
export interface ListQueries {
  /** `customer = ?` newest first, 20 rows, and the count of the customer's invoices. */
  listView(customer: string): Promise<{ rows: number; count: number }>
  /** `po_no like %7%` (no index), newest first, 20 rows. */
  unindexed(): Promise<number>
}

/** The list view over `customers` in turn, then the unindexed filter. */
export async function listRuns(q: ListQueries, customers: readonly string[], runs: number): Promise<ListResult> {
  const indexed = await timedRuns(runs, (i) => q.listView(customers[i % customers.length]!))
  let rows = 0
  const unindexed = await timedRuns(runs, async () => {
    rows = await q.unindexed()
  })
  return { indexed: { ...indexed, ...(await q.listView(customers[0]!)) }, unindexed: { ...unindexed, rows } }
}
