import type { CompareRow } from './compare-report.ts'

/** The issue's targets for Outpost's best path, checked against the rows of one run. */
export interface TargetVerdict {
  readonly target: string
  readonly met: boolean | null
  readonly measured: string
}

const PEERS = ['naive', 'pouchdb', 'replicache', 'rxdb'] as const
const sec = (n: number | null): string => `${n === null ? '?' : n.toFixed(2)} s`

function find(rows: readonly CompareRow[], system: string, scenario: string): CompareRow | undefined {
  return rows.find((r) => r.system === system && r.scenario === scenario)
}

/** Outpost's best path in a scenario: the faster of its two remotes. */
function best(rows: readonly CompareRow[], scenario: string): CompareRow | undefined {
  return ['outpost', 'outpost-rest'].map((s) => find(rows, s, scenario)).filter((r): r is CompareRow => r?.seconds !== null && r !== undefined)
    .sort((a, b) => a.seconds! - b.seconds!)[0]
}

export function targetVerdicts(rows: readonly CompareRow[], badPerS5: number, validPerS5: number): TargetVerdict[] {
  const out: TargetVerdict[] = []
  const s1 = best(rows, 'S1 boot')
  const peersS1 = PEERS.map((p) => find(rows, p, 'S1 boot')).filter((r): r is CompareRow => r?.seconds != null)
  out.push({
    target: 'S1: Outpost faster than every peer (in-memory peers included), while durable',
    met: s1 && peersS1.length > 0 ? peersS1.every((p) => s1.seconds! < p.seconds!) : null,
    measured: s1 ? `${s1.system} ${sec(s1.seconds)}; ${peersS1.map((p) => `${p.system} ${sec(p.seconds)}`).join(', ')}` : 'no Outpost result',
  })
  const pouch = find(rows, 'pouchdb', 'S1 boot')
  out.push({
    target: 'S1: Outpost client peak RSS at most a fifth of PouchDB\'s',
    met: s1?.client_peak_rss_mb != null && pouch?.client_peak_rss_mb != null ? s1.client_peak_rss_mb * 5 <= pouch.client_peak_rss_mb : null,
    measured: `${s1?.system ?? 'outpost'} ${s1?.client_peak_rss_mb ?? '?'} MB against ${pouch?.client_peak_rss_mb ?? '?'} MB`,
  })
  const s2 = best(rows, 'S2 offline push')
  for (const peer of ['pouchdb', 'replicache']) {
    const p = find(rows, peer, 'S2 offline push')
    out.push({
      target: `S2: Outpost at least 5× faster than ${peer}`,
      met: s2 && p?.seconds != null ? p.seconds / s2.seconds! >= 5 : null,
      measured: s2 && p?.seconds != null ? `${(p.seconds / s2.seconds!).toFixed(2)}× (${s2.system} ${sec(s2.seconds)} against ${sec(p.seconds)})` : 'no result',
    })
  }
  const complete = (r: CompareRow | undefined): boolean => {
    const d = r?.details as { refused?: number | null; refused_kept?: boolean; server?: { invoices?: number } } | undefined
    return d?.refused === badPerS5 && d.refused_kept === true && d.server?.invoices === validPerS5
  }
  const s5Systems = [...new Set(rows.filter((r) => r.scenario === 'S5 rejection').map((r) => r.system))]
  const full = s5Systems.filter((s) => complete(find(rows, s, 'S5 rejection')))
  out.push({
    target: 'S5: Outpost the only system where every refused document stays visible with its reason while the rest syncs',
    met: s5Systems.length === 0 ? null : full.length > 0 && full.every((s) => s.startsWith('outpost')),
    measured: `systems that keep every refusal with its reason and sync the rest: ${full.join(', ') || 'none'}`,
  })
  return out
}
