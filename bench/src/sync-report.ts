import type { Rows } from './report.ts'

const mark = (ok: boolean | undefined): string => (ok ? 'PASS' : 'FAIL')

/** The sync-protocol suite's table rows, targets and verdicts beside the figures. */
export function syncRows(r: Record<string, unknown>): Rows {
  const pass = r['pass'] as Record<string, boolean>
  const t = r['targets'] as Record<string, number>
  const s = (k: string): string => String(r[k])
  return [
    [`boot over the Outpost protocol (median of ${s('runs')})`, `${s('boot_seconds')} s for ${s('boot_docs')} docs, peak RSS ${s('boot_peak_rss_mb')} MB`],
    ['floor (same answers -> (name, json) table)', `${s('floor_seconds')} s, peak RSS ${s('floor_peak_rss_mb')} MB`],
    ['boot / floor', `${s('boot_vs_floor')}x  (target <= ${t['boot_vs_floor']}x: ${mark(pass['boot_vs_floor'])})`],
    ['boot over stock REST', `${s('rest_boot_seconds')} s, peak RSS ${s('rest_boot_peak_rss_mb')} MB`],
    ['REST / Outpost protocol', `${s('rest_vs_boot')}x faster  (target >= ${t['boot_vs_rest']}x: ${mark(pass['boot_vs_rest'])})`],
    ['boot peak RSS', `${s('boot_peak_rss_mb')} MB  (target <= ${t['boot_peak_rss_mb']} MB: ${mark(pass['boot_peak_rss'])})`],
    ['server RSS idle -> peak during boots', `${s('server_rss_idle_mb')} -> ${s('server_rss_peak_during_boots_mb')} MB`],
    ['server CPU per boot: protocol / floor / REST', `${s('boot_server_cpu_seconds')} / ${s('floor_server_cpu_seconds')} / ${s('rest_server_cpu_seconds')} s`],
    ...pushRows(r),
    [`catch-up after ${s('catchup_changes')} changes + ${s('catchup_deletions')} deletions`, `${s('catchup_seconds')} s  (target <= ${t['catchup_seconds']} s: ${mark(pass['catchup_seconds'])})`],
    ['all targets', mark(pass['all'])],
  ]
}

/** The push rows: time and rate against the target, then CPU per document on each side. */
function pushRows(r: Record<string, unknown>): Rows {
  const pass = r['pass'] as Record<string, boolean>
  const t = r['targets'] as Record<string, number>
  const s = (k: string): string => String(r[k])
  return [
    [`push ${s('push_docs')} offline docs`, `${s('push_seconds')} s, ${s('push_docs_per_s')} docs/s  (target >= ${t['push_docs_per_s']}: ${mark(pass['push_docs_per_s'])})`],
    ['push CPU per document', `server ${s('push_server_cpu_us_per_doc')} us, replica ${s('push_client_cpu_us_per_doc')} us`],
  ]
}

/** `--only push`: the push and catch-up rows alone. */
export function syncPushRows(r: Record<string, unknown>): Rows {
  const pass = r['pass'] as Record<string, boolean>
  const t = r['targets'] as Record<string, number>
  return [
    [`replica booted over the Outpost protocol`, `${String(r['boot_docs'])} docs (not timed here)`],
    ...pushRows(r),
    [`catch-up after ${String(r['catchup_changes'])} changes + ${String(r['catchup_deletions'])} deletions`, `${String(r['catchup_seconds'])} s  (target <= ${t['catchup_seconds']} s: ${mark(pass['catchup_seconds'])})`],
  ]
}
