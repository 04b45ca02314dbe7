import type { CompareRow } from './compare-report.ts'

/**
 * The comparison as one SVG image: a panel per scenario, a bar per system (seconds; S3 in
 * milliseconds of the indexed list view's p50), each bar labelled with its value.
 */
const COLORS: Readonly<Record<string, string>> = {
  'outpost': '#2563eb', 'outpost-rest': '#60a5fa', 'naive': '#9ca3af', 'pouchdb': '#dc2626', 'replicache': '#16a34a', 'rxdb': '#9333ea',
}
const escape = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

export function compareChartSvg(rows: readonly CompareRow[], title: string): string {
  const scenarios = [...new Set(rows.map((r) => r.scenario))]
  const systems = [...new Set(rows.map((r) => r.system))]
  const width = 860
  const labelW = 110
  const barMax = width - labelW - 110
  const bar = 18
  const panelH = 34 + systems.length * (bar + 4)
  const parts: string[] = []
  let y = 40
  for (const scenario of scenarios) {
    const s3 = scenario === 'S3 list view'
    const value = (r: CompareRow): number | null => (r.seconds === null ? null : s3 ? r.seconds * 1000 : r.seconds)
    const mine = systems.map((system) => rows.find((r) => r.system === system && r.scenario === scenario))
    const top = Math.max(...mine.map((r) => (r ? value(r) ?? 0 : 0)), 1e-9)
    parts.push(`<text x="10" y="${y + 14}" font-size="14" font-weight="bold">${escape(scenario)} — ${s3 ? 'p50 of customer = ? list + count, ms' : 'seconds (median), shorter is better'}</text>`)
    mine.forEach((r, i) => {
      const by = y + 24 + i * (bar + 4)
      parts.push(`<text x="${labelW - 6}" y="${by + 13}" font-size="12" text-anchor="end">${escape(systems[i]!)}</text>`)
      const v = r ? value(r) : null
      if (v === null) {
        parts.push(`<text x="${labelW + 4}" y="${by + 13}" font-size="12" fill="#6b7280">no result</text>`)
        return
      }
      const w = Math.max(1, (v / top) * barMax)
      parts.push(`<rect x="${labelW}" y="${by}" width="${w.toFixed(1)}" height="${bar}" fill="${COLORS[systems[i]!] ?? '#374151'}"/>`)
      parts.push(`<text x="${(labelW + w + 6).toFixed(1)}" y="${by + 13}" font-size="12">${v < 10 ? v.toFixed(3) : v.toFixed(1)}</text>`)
    })
    y += panelH
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" viewBox="0 0 ${width} ${y + 10}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="24" font-size="16" font-weight="bold">${escape(title)}</text>`,
    ...parts, '</svg>', '',
  ].join('\n')
}
