import { describe, expect, it } from 'vitest'
import { compareChartSvg } from './compare-chart.ts'
import { compareMarkdown, spliceCompareSection, type CompareResult } from './compare-docs.ts'
import type { CompareRow } from './compare-report.ts'
import { targetVerdicts } from './compare-targets.ts'
import type { SystemName } from './compare-config.ts'

function row(system: SystemName, scenario: CompareRow['scenario'], seconds: number | null, extra: Partial<CompareRow> = {}): CompareRow {
  return { system, scenario, seconds, docs_per_s: seconds ? Math.round(100 / seconds) : null, client_peak_rss_mb: 100, server_peak_rss_mb: 200, notes: `${system} | note`, runs_seconds: seconds === null ? [] : [seconds], ...extra }
}

const s5 = (refused: number | null, kept: boolean, taken: number): Partial<CompareRow> => ({ details: { refused, refused_kept: kept, server: { invoices: taken } } })

const ROWS: CompareRow[] = [
  row('outpost', 'S1 boot', 2, { client_peak_rss_mb: 40 }), row('outpost-rest', 'S1 boot', 5), row('pouchdb', 'S1 boot', 10, { client_peak_rss_mb: 250 }), row('rxdb', 'S1 boot', 3),
  row('outpost', 'S2 offline push', 1), row('pouchdb', 'S2 offline push', 6), row('replicache', 'S2 offline push', 4),
  row('outpost', 'S3 list view', 0.0005), row('pouchdb', 'S3 list view', 0.008),
  row('outpost', 'S5 rejection', 1, s5(10, true, 990)), row('pouchdb', 'S5 rejection', 1, s5(10, false, 990)), row('replicache', 'S5 rejection', 1, s5(null, false, 990)),
]

describe('targetVerdicts', () => {
  const verdicts = targetVerdicts(ROWS, 10, 990)
  const met = (prefix: string): boolean | null | undefined => verdicts.find((v) => v.target.startsWith(prefix))?.met

  it('compares Outpost\'s best path with every peer that finished', () => {
    expect(met('S1: Outpost faster')).toBe(true)
    expect(met('S1: Outpost client peak RSS')).toBe(true)
    expect(met('S2: Outpost at least 5× faster than pouchdb')).toBe(true)
    expect(met('S2: Outpost at least 5× faster than replicache')).toBe(false)
    expect(verdicts.find((v) => v.target.includes('replicache'))?.measured).toBe('4.00× (outpost 1.00 s against 4.00 s)')
  })

  it('counts a system for S5 only when it keeps every refusal and syncs the rest', () => {
    expect(met('S5')).toBe(true)
    expect(verdicts.find((v) => v.target.startsWith('S5'))?.measured).toContain(': outpost')
    expect(targetVerdicts([...ROWS.filter((r) => r.system !== 'pouchdb'), row('pouchdb', 'S5 rejection', 1, s5(10, true, 990))], 10, 990).find((v) => v.target.startsWith('S5'))?.met).toBe(false)
  })

  it('says there is no result rather than a verdict when a side is missing', () => {
    expect(targetVerdicts([row('pouchdb', 'S1 boot', 1)], 10, 990)[0]?.met).toBeNull()
  })
})

describe('compare docs', () => {
  const result: CompareResult = {
    size: 'medium', runs: 3, scenario_sizes: { offlineInvoices: 2000, changes: 200, deletions: 20, rejectionInvoices: 1000, listRuns: 100 },
    dataset: { seed: 42, doctypes: ['Sales Invoice'], counts: { 'Sales Invoice': 5000 }, docs: 5000, invoice_json_bytes_mean: 2900, invoice_items_mean: 3.2 },
    machine: { before: { cpu: 'CPU', cores: 2, memory_gb: 24, free_memory_gb: 20, load_average: [9, 9, 9], node: 'v20', at: '2026-11-27T00:00:00Z' }, after: { cpu: 'CPU', cores: 2, memory_gb: 24, free_memory_gb: 20, load_average: [8, 8, 8], node: 'v20', at: '2026-11-27T01:00:00Z' } },
    versions: { pouchdb: '9.0.0' }, errors: { rxdb: 'boom\nstack' }, rows: ROWS,
  }

  it('writes tables with ratios against Outpost, the run facts and the failures', () => {
    const md = compareMarkdown(result)
    expect(md).toContain('| pouchdb | 10.000 (10.00) | 10 | 250.0 MB | 200.0 MB | 5.00× |')
    expect(md).toContain('load average 9 / 9 / 9 at the start and 8 / 8 / 8 at the end')
    expect(md).toContain('pouchdb 9.0.0')
    expect(md).toContain('- rxdb: boom')
    expect(md).not.toContain('stack')
    expect(md).toContain('| outpost | outpost \\| note |')
  })

  it('adds the browser tier when the run had one, with the ratio against RxDB', () => {
    expect(compareMarkdown(result)).not.toContain('Browser tier')
    const boot = (system: 'outpost (Chromium)' | 'rxdb (Chromium)', seconds: number, memory: number) => ({ system, scenario: 'S1 boot' as const, seconds, docs_per_s: Math.round(5000 / seconds), client_peak_rss_mb: memory, client_peak_heap_mb: 90, server_peak_rss_mb: 150, notes: 'n', all_runs: [seconds] })
    const md = compareMarkdown({ ...result, browser: { chromium: '150.0', errors: { 'rxdb (Chromium)': 'late\nstack' }, rows: [boot('outpost (Chromium)', 4, 500), boot('rxdb (Chromium)', 6, 750)] } })
    expect(md).toContain('### Browser tier: S1 and S3 in Chromium 150.0, into IndexedDB')
    expect(md).toContain('| outpost (Chromium) | S1 boot | 4.000 (4.00) | 1250 | 500.0 MB | 90.0 MB | n |')
    expect(md).toContain("Outpost boots 1.50× as fast as RxDB on Dexie; RxDB's browser peaks at 1.50× Outpost's memory")
    expect(md).toContain('- rxdb (Chromium): late')
  })

  it('replaces its own section and leaves the rest of the page alone', () => {
    const first = spliceCompareSection('# Benchmarks\n\nintro\n', compareMarkdown(result))
    expect(first.startsWith('# Benchmarks\n\nintro\n\n<!-- compare:begin')).toBe(true)
    const again = spliceCompareSection(`${first}\n## After\n`, compareMarkdown({ ...result, size: 'large' }))
    expect(again.match(/compare:begin/g)).toHaveLength(1)
    expect(again).toContain('--size large')
    expect(again).not.toContain('--size medium')
    expect(again.trimEnd().endsWith('## After')).toBe(true)
  })

  it('draws one bar per system and scenario, S3 in milliseconds', () => {
    const svg = compareChartSvg([...ROWS, row('naive', 'S1 boot', null)], 'A <chart>')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('A &lt;chart&gt;')
    expect(svg.match(/<rect x=/g)).toHaveLength(ROWS.length)
    expect(svg).toContain('>0.500<')
    expect(svg).toContain('no result')
  })
})
