import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { compareChartSvg } from './compare-chart.ts'
import type { CompareRow } from './compare-report.ts'
import { targetVerdicts } from './compare-targets.ts'
import type { MachineFacts } from './machine-facts.ts'
import type { BrowserTierResult } from './browser/browser-tier.ts'

/** What compare.ts writes to bench/results/compare.json. */
export interface CompareResult {
  readonly size: string
  readonly runs: number
  readonly scenario_sizes: { offlineInvoices: number; changes: number; deletions: number; rejectionInvoices: number; listRuns: number }
  readonly dataset: { seed: number; doctypes: readonly string[]; counts: Readonly<Record<string, number>>; docs: number; invoice_json_bytes_mean: number; invoice_items_mean: number }
  readonly machine: { before: MachineFacts; after: MachineFacts }
  readonly versions: Readonly<Record<string, string>>
  readonly errors: Readonly<Record<string, string>>
  readonly rows: readonly CompareRow[]
  /** S1 and S3 in Chromium, into IndexedDB; absent when the run left the browser tier out. */
  readonly browser?: BrowserTierResult
}

const BEGIN = '<!-- compare:begin (written by npm run bench:compare) -->'
const END = '<!-- compare:end -->'
const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url))
const CHART = 'benchmarks-compare.svg'

const fmt = (n: number | null | undefined, digits = 2): string => (n === null || n === undefined ? '—' : n.toFixed(digits))

function scenarioTable(rows: readonly CompareRow[], scenario: string): string[] {
  const mine = rows.filter((r) => r.scenario === scenario)
  const outpost = mine.find((r) => r.system === 'outpost')?.seconds
  const lines = ['| system | seconds (runs) | docs/s | client peak RSS | server peak RSS | ÷ Outpost |', '|---|---|---|---|---|---|']
  for (const r of mine) {
    const ratio = r.seconds !== null && outpost ? `${(r.seconds / outpost).toFixed(2)}×` : '—'
    lines.push(`| ${r.system} | ${fmt(r.seconds, 3)} (${r.runs_seconds.map((s) => fmt(s, 2)).join(' / ')}) | ${r.docs_per_s ?? '—'} | ${fmt(r.client_peak_rss_mb, 1)} MB | ${fmt(r.server_peak_rss_mb, 1)} MB | ${ratio} |`)
  }
  return lines
}

function noteTable(rows: readonly CompareRow[], scenario: string, heading: string): string[] {
  return [`| system | ${heading} |`, '|---|---|', ...rows.filter((r) => r.scenario === scenario).map((r) => `| ${r.system} | ${r.notes.replaceAll('|', '\\|')} |`)]
}

function runFacts(r: CompareResult): string[] {
  const m = r.machine.before
  const v = Object.entries(r.versions).map(([k, x]) => `${k} ${x}`).join(', ')
  const counts = Object.entries(r.dataset.counts).map(([k, n]) => `${k} ${n}`).join(', ')
  const start = m.load_average[0] ?? 0
  const end = r.machine.after.load_average[0] ?? 0
  const notes = [
    ...(r.size === 'large' ? [] : [`This run used the ${r.size} dataset, not the large one (100k invoices): the shared machine's load average was ${start} when it started, and the large comparison is run only below 4.`]),
    ...(end < start * 0.7 ? [`The load average fell from ${start} to ${end} during the run, so the systems measured later (lower in each table) met a quieter machine.`] : []),
  ]
  return [
    `Run of ${m.at.slice(0, 10)}: \`npm run bench:compare -- --size ${r.size} --runs ${r.runs}\`, ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, Node ${m.node}; load average ${m.load_average.join(' / ')} at the start and ${r.machine.after.load_average.join(' / ')} at the end.`,
    '',
    `Libraries: ${v}. Every peer installs from the npm registry with nothing downloaded at install time; leveldown loads the linux-x64 binary its npm package ships, and it also builds from source with node-gyp on Node 20.`,
    '',
    ...notes.flatMap((n) => [n, '']),
    `Dataset (${r.size}, seed ${r.dataset.seed}): ${r.dataset.docs} documents of ${r.dataset.doctypes.length} DocTypes (${counts}); an invoice is ${r.dataset.invoice_json_bytes_mean} bytes of JSON on average with ${r.dataset.invoice_items_mean} item rows. S2 creates ${r.scenario_sizes.offlineInvoices} invoices offline, S4 changes ${r.scenario_sizes.changes} and deletes ${r.scenario_sizes.deletions}, S5 pushes ${r.scenario_sizes.rejectionInvoices} invoices of which 1% break qty > 0.`,
  ]
}

function browserTier(b: BrowserTierResult | undefined): string[] {
  if (!b) return []
  const boot = (system: string) => b.rows.find((r) => r.system === system && r.scenario === 'S1 boot')
  const outpost = boot('outpost (Chromium)')
  const rxdb = boot('rxdb (Chromium)')
  const ratio = outpost && rxdb ? [`Outpost boots ${(rxdb.seconds / outpost.seconds).toFixed(2)}× as fast as RxDB on Dexie; RxDB's browser peaks at ${(rxdb.client_peak_rss_mb / outpost.client_peak_rss_mb).toFixed(2)}× Outpost's memory (PSS, every Chromium process).`, ''] : []
  const errors = Object.entries(b.errors)
  return [
    `### Browser tier: S1 and S3 in Chromium ${b.chromium}, into IndexedDB`, '',
    'The same dataset in headless Chromium (a fresh profile on disk, so IndexedDB is on disk), each system in a browser of its own, its server in its own process behind a page server on loopback: **outpost** is the replica on its IndexedDB store over the sync protocol; **rxdb** is RxDB on its Dexie storage with the same collections and server as above. Memory is the proportional set size of every Chromium process together, peak during the scenario (IndexedDB works in the browser process); the page\'s JavaScript heap at its peak is beside it.', '',
    '| system | scenario | seconds (runs) | docs/s | Chromium memory | page heap | notes |', '|---|---|---|---|---|---|---|',
    ...b.rows.map((r) => `| ${r.system} | ${r.scenario} | ${fmt(r.seconds, 3)}${r.all_runs ? ` (${r.all_runs.map((x) => fmt(x, 2)).join(' / ')})` : ''} | ${r.docs_per_s ?? '—'} | ${fmt(r.client_peak_rss_mb, 1)} MB | ${r.client_peak_heap_mb === null ? '—' : `${fmt(r.client_peak_heap_mb, 1)} MB`} | ${r.notes.replaceAll('|', '\\|')} |`), '',
    ...ratio,
    ...(errors.length > 0 ? ['Did not finish:', '', ...errors.map(([s, e]) => `- ${s}: ${e.split('\n')[0]}`), ''] : []),
  ]
}

export function compareMarkdown(r: CompareResult): string {
  const bad = Math.round(r.scenario_sizes.rejectionInvoices / 100)
  const verdicts = targetVerdicts(r.rows, bad, r.scenario_sizes.rejectionInvoices - bad)
  const errors = Object.entries(r.errors)
  return [
    BEGIN,
    '## Compared with other engines (`bench/results/compare.json`)',
    '',
    '`npm run bench:compare -- [--size small|medium|large] [--runs N] [--systems outpost,naive,...] [--tiers node,browser]` runs every system on the same documents, each run on a fresh copy of its server\'s data, server and client in separate processes on loopback (the browser tier, below the Node tables, runs Outpost and RxDB in Chromium). Each figure is the median of the measured runs, after one warm-up run; `--from-json` rewrites this section and its chart from the JSON. The systems:',
    '- **outpost** / **outpost-rest**: a replica in a SQLite file over `outpostRemote` (the sync protocol) or `frappeRemote` (stock REST), against `outpost serve`.',
    '- **naive**: ERPNext\'s old offline POS approach: `GET /api/resource/<DocType>?fields=["*"]&limit_page_length=0` of every DocType (child tables through their parent) into one JSON blob in a file; offline documents go up with one POST each; catching up is downloading everything again.',
    '- **pouchdb**: PouchDB on leveldb replicating with express-pouchdb (leveldb), 1,000 documents per batch, five batches in flight; one database, the DocType in each `_id`, child rows embedded; Mango indexes built during the boot; `validate_doc_update` holds the server rule.',
    '- **replicache**: Replicache with its memory kv store (Node has no IndexedDB), against a push/pull server over better-sqlite3 that follows Replicache\'s row-version strategy.',
    '- **rxdb**: RxDB (open-source build) on its memory storage, `replicateRxCollection` against a pull/push server over better-sqlite3 (the npm rxdb-server package does not run with RxDB 17). The open-source build opens at most 13 collections, so the 10 master DocTypes share one collection beside invoices, customers and items. Queries run past RxDB\'s query cache, which would otherwise answer a repeated query without running it.',
    '',
    'The peers\' servers store documents as sent and check only the qty rule; `outpost serve` also checks every Link, names each new document from its naming series and computes totals, as Frappe does: work the peers do not do in S2 and S5.',
    '',
    'The peers load the exact documents of the Outpost site: the demo generator\'s output as the reference server named and stored it, read once over the sync protocol (Frappe\'s `_` fields are left out for PouchDB and RxDB, which reserve them).',
    '',
    ...runFacts(r),
    '',
    `![Compare: seconds per scenario and system](${CHART})`,
    '',
    ...(['S1 boot', 'S2 offline push', 'S4 catch-up', 'S5 rejection'] as const).flatMap((s) => [`### ${s}`, '', ...scenarioTable(r.rows, s), '']),
    '### S3 list view (100 warm runs each)', '', ...noteTable(r.rows, 'S3 list view', 'latency'), '',
    ...browserTier(r.browser),
    '### What happens to names and links (S2)', '', ...noteTable(r.rows, 'S2 offline push', 'names, links, server and local state'), '',
    '### What the user sees of refused documents (S5)', '', ...noteTable(r.rows, 'S5 rejection', 'refusals, the rest, local state'), '',
    '### Targets', '', '| target | measured | met |', '|---|---|---|',
    ...verdicts.map((v) => `| ${v.target} | ${v.measured} | ${v.met === null ? 'no result' : v.met ? 'yes' : 'no'} |`), '',
    ...(errors.length > 0 ? ['### Systems that did not finish', '', ...errors.map(([s, e]) => `- ${s}: ${e.split('\n')[0]}`), ''] : []),
    END,
  ].join('\n')
}

/** `text` with its compare section replaced by `section`, or with `section` appended when it has none. */
export function spliceCompareSection(text: string, section: string): string {
  const start = text.indexOf(BEGIN)
  const end = text.indexOf(END)
  return start >= 0 && end > start ? text.slice(0, start) + section + text.slice(end + END.length) : `${text.trimEnd()}\n\n${section}\n`
}

/** Replace the compare section of docs/benchmarks.md (or append it) and write the chart beside it. */
export function writeCompareDocs(r: CompareResult): void {
  const path = `${DOCS}benchmarks.md`
  const text = readFileSync(path, 'utf8')
  const section = compareMarkdown(r)
  writeFileSync(path, spliceCompareSection(text, section))
  writeFileSync(`${DOCS}${CHART}`, compareChartSvg(r.rows, `Outpost and peers, ${r.size} dataset (${r.dataset.docs} documents)`))
  console.log(`wrote docs/benchmarks.md (compare section) and docs/${CHART}`)
}
