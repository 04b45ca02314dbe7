import type { Rows } from './report.ts'

export interface Latency { p50_ms: number; p95_ms: number }

/** Saves and lists timed again on the same boot after the page stayed quiet. */
export interface SettledFigures {
  after_s: number
  save_p95_ms: number
  list_p95_ms: number
  create: Latency
  update: Latency
  list: Latency
  count: Latency
  /** The same requests as a save in the same round trips, with no engine (browser-save-floor.ts). */
  floor: { create: Latency; update: Latency; puts: Latency }
}

/** The browser suite's table. */
export interface BrowserFigures {
  size: string
  runs: number
  boot_docs: number
  boot_seconds: number
  baseline_seconds: number
  boot_docs_per_s: number
  baseline_docs_per_s: number
  boot_vs_baseline: number
  save_p95_ms: number
  list_p95_ms: number
  create: { p50_ms: number; p95_ms: number }
  update: { p50_ms: number; p95_ms: number }
  list: { p50_ms: number; p95_ms: number }
  /** getCount with the list's filter. */
  count: { p50_ms: number; p95_ms: number }
  floor: { create: Latency; update: Latency; puts: Latency }
  /** IndexedDB transactions and requests per timed save, list and count. */
  idb_per_call: Record<'save' | 'list' | 'count', { transactions: number; requests: number }>
  boot_split: { pull_seconds: number; write_seconds: number; other_seconds: number }
  baseline_pull_seconds: number
  storage_vs_baseline: number
  all_runs: { boot: number[]; baseline: number[] }
  saves: number
  per_save?: { store_reads: number; store_read_ms: number; store_writes: number; store_write_ms: number }
  lists: number
  settled?: SettledFigures
  pass: Record<string, boolean>
}

const met = (ok: boolean | undefined): string => (ok ? 'met' : 'not met')
const idb = (c: { transactions: number; requests: number }): string => `${c.transactions} transactions, ${c.requests} requests`

export function browserRows(r: BrowserFigures): Rows {
  return [
    ['documents booted', String(r.boot_docs)],
    ['boot into IndexedDB (replica)', `${r.boot_seconds} s (runs ${r.all_runs.boot.join(' / ')}), ${r.boot_docs_per_s} docs/s`],
    ['  of which pull (request + parse)', `${r.boot_split.pull_seconds} s`],
    ['  of which store writes (engine + IndexedDB)', `${r.boot_split.write_seconds} s`],
    ['naive baseline (put per doc and per child row)', `${r.baseline_seconds} s (runs ${r.all_runs.baseline.join(' / ')}), ${r.baseline_docs_per_s} docs/s`],
    ['  of which pull', `${r.baseline_pull_seconds} s`],
    ['boot docs/s ÷ baseline docs/s', `${r.boot_vs_baseline}× (target ≥ 2×: ${met(r.pass['boot_vs_baseline'])})`],
    ['the same, time outside pulls only', `${r.storage_vs_baseline}×`],
    [`createDoc ×${r.saves}`, `p50 ${r.create.p50_ms} ms, p95 ${r.create.p95_ms} ms`],
    [`updateDoc ×${r.saves}`, `p50 ${r.update.p50_ms} ms, p95 ${r.update.p95_ms} ms`],
    ['  store calls per save', r.per_save ? `${r.per_save.store_reads} reads (${r.per_save.store_read_ms} ms), ${r.per_save.store_writes} writes (${r.per_save.store_write_ms} ms)` : 'n/a'],
    ['save p95', `${r.save_p95_ms} ms (target ≤ 10 ms: ${met(r.pass['save_p95'])})`],
    ...floorRows(r.floor),
    ['  IndexedDB per save', idb(r.idb_per_call.save)],
    [`getDocList customer = ?, posting_date desc, limit 20 ×${r.lists}`, `p50 ${r.list.p50_ms} ms, p95 ${r.list.p95_ms} ms (target ≤ 20 ms: ${met(r.pass['list_p95'])})`],
    ['  IndexedDB per list', idb(r.idb_per_call.list)],
    [`getCount customer = ? ×${r.lists}`, `p50 ${r.count.p50_ms} ms, p95 ${r.count.p95_ms} ms`],
    ['  IndexedDB per count', idb(r.idb_per_call.count)],
    ...settledRows(r.settled),
  ]
}

const latencyText = (l: Latency): string => `p50 ${l.p50_ms} ms, p95 ${l.p95_ms} ms`

/** The floor under the saves: the same IndexedDB requests and round trips, no engine. */
function floorRows(f: BrowserFigures['floor']): Rows {
  return [
    ['  floor: the same IndexedDB requests, no engine: create', latencyText(f.create)],
    ['  floor: update', latencyText(f.update)],
    ['  floor: the update\'s puts alone, no read', latencyText(f.puts)],
  ]
}

/** The saves and lists timed again after the page stayed quiet (`--settled-s`). */
function settledRows(s: SettledFigures | undefined): Rows {
  if (!s) return []
  const p = latencyText
  return [
    [`after ${s.after_s} s quiet: createDoc`, p(s.create)],
    ['  updateDoc', p(s.update)],
    ...floorRows(s.floor),
    ['  getDocList', p(s.list)],
    ['  getCount', p(s.count)],
  ]
}
