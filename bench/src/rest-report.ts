import type { Rows } from './report.ts'

interface Rate { docs_per_s: number; p50_ms: number; p95_ms: number }

/** The REST suite's table rows. */
export function restRows(result: Record<string, unknown>): Rows {
  const rows: Rows = [
    ['invoices on site', String(result['invoices_on_site'])],
    ['seed (in-process, one transaction)', `${String(result['seed_seconds'])} s`],
  ]
  const seq = result['insert_sequential'] as Rate
  const con = result['insert_concurrency_8'] as Rate
  rows.push(['REST insert, 1 client', `${seq.docs_per_s} docs/s  (p50 ${seq.p50_ms} ms, p95 ${seq.p95_ms} ms)`])
  rows.push(['REST insert, 8 clients', `${con.docs_per_s} docs/s  (p50 ${con.p50_ms} ms, p95 ${con.p95_ms} ms)`])
  rows.push(['8 clients / 1 client', `${String(result['concurrency_8_vs_sequential'])}x`])
  rows.push(['REST insert_many, 100 per request', `${(result['insert_many_100'] as { docs_per_s: number }).docs_per_s} docs/s`])
  rows.push(['insert_many / 1 client', `${String(result['insert_many_vs_sequential'])}x`])
  for (const [label, q] of Object.entries(result['queries'] as Record<string, { p50_ms: number; p95_ms: number }>)) {
    rows.push([label, `p50 ${q.p50_ms} ms, p95 ${q.p95_ms} ms`])
  }
  return rows
}
