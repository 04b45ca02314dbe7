import type { Rows } from './report.ts'
import type { Latency, SaveResult } from './replica-local.ts'

interface Pull { seconds: number; docs: number; docs_per_s: number; peak_rss_mb: number; max_rss_mb: number }

const mark = (ok: boolean | undefined): string => (ok ? 'PASS' : 'FAIL')
const lat = (q: Latency): string => `p50 ${q.p50_ms} ms, p95 ${q.p95_ms} ms`
const pullLine = (p: Pull): string =>
  `${p.seconds} s, ${p.docs} docs, ${p.docs_per_s} docs/s, peak RSS ${p.peak_rss_mb} MB (kernel max ${p.max_rss_mb} MB)`

/** The replica suite's table rows, targets and verdicts beside the figures. */
export function replicaRows(result: Record<string, unknown>): Rows {
  const boot = result['boot'] as Pull
  const pass = result['pass'] as Record<string, boolean>
  const targets = result['targets'] as { boot_peak_rss_mb: number; save_p95_ms: number; query_p95_ms: number }
  const saves = result['offline_saves'] as SaveResult
  const rows: Rows = [
    ['seed (server, in-process)', `${String(result['seed_seconds'])} s`],
    ['boot (createReplica + boot, own process)', pullLine(boot)],
    ['floor (same REST pages -> (name, json) table)', pullLine(result['floor'] as Pull)],
    ['boot / floor, wall time', `${String(result['boot_vs_floor_seconds'])}x`],
    ['boot / floor, peak RSS', `${String(result['boot_vs_floor_peak_rss'])}x`],
    ['boot peak RSS', `${boot.peak_rss_mb} MB  (target <= ${targets.boot_peak_rss_mb} MB: ${mark(pass['boot_peak_rss'])})`],
    [`offline createDoc x${saves.saves}`, `${lat(saves.create)}  (target p95 <= ${targets.save_p95_ms} ms: ${mark(pass['save_create_p95'])})`],
    [`offline updateDoc x${saves.saves}`, `${lat(saves.update)}  (target p95 <= ${targets.save_p95_ms} ms: ${mark(pass['save_update_p95'])}; ${saves.updates_of_pulled_drafts} pulled drafts)`],
    ['createDoc p50, first 100 -> last 100', `${saves.create.first_100_p50_ms} -> ${saves.create.last_100_p50_ms} ms (the outbox grows by one per save)`],
    ['updateDoc p50, first 100 -> last 100', `${saves.update.first_100_p50_ms} -> ${saves.update.last_100_p50_ms} ms`],
  ]
  for (const [label, q] of Object.entries(result['queries'] as Record<string, Latency>)) {
    rows.push([label, `${lat(q)}  (target p95 <= ${targets.query_p95_ms} ms: ${mark(pass[`query: ${label}`])})`])
  }
  rows.push(['all targets', mark(pass['all'])])
  return rows
}
