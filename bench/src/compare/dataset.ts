import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Doc, DocType } from '@outpost/meta'
import { loadDemoDocTypes, type DemoSize } from '@outpost/server'
import { SERVER_ENV } from '../auth.ts'
import { runChildScript } from '../child-script.ts'
import { startServerProcess } from '../server-process.ts'
import { BOOT_DOCTYPES, CUSTOMER, DEMO_SEED, INVOICE } from './compare-config.ts'

/**
 * The one dataset every system loads: the demo generator's documents (`generateDemo`, seed 42),
 * as the reference server named and stored them. The site is seeded once by `outpost serve
 * --demo`; its documents are then read once over the sync protocol into a (name, json) table per
 * DocType, which the peers' servers load. Every system thus holds byte-identical documents.
 */
export interface DatasetFacts {
  readonly size: DemoSize
  readonly seed: number
  readonly doctypes: readonly string[]
  readonly counts: Readonly<Record<string, number>>
  readonly docs: number
  readonly invoice_json_bytes_mean: number
  readonly invoice_items_mean: number
  /** Enabled customers with the most invoices: the S3 list-view arguments. */
  readonly queryCustomers: readonly string[]
  readonly customers: readonly string[]
  /** Draft invoices in name order: S4 changes and deletes these. */
  readonly drafts: readonly string[]
  readonly items: readonly { item_code: string; item_name: string; rate: number }[]
  /** Header fields an offline invoice copies (company, currency, accounts). */
  readonly invoiceHeader: Readonly<Record<string, unknown>>
  /** Fields an offline Customer copies (group, territory). */
  readonly customerHeader: Readonly<Record<string, unknown>>
  /** Child tables per DocType: field name and child DocType. */
  readonly childTables: Readonly<Record<string, readonly { fieldname: string; doctype: string }[]>>
}

export interface Dataset {
  readonly dir: string
  /** The seeded site, copied for each run's Outpost server. */
  readonly sitePath: string
  /** (name, json) tables per DocType. */
  readonly dataPath: string
  readonly facts: DatasetFacts
}

/** The configured DocTypes and one level of Link targets of them and their child tables, as a replica pulls. */
export function bootDoctypeClosure(): string[] {
  const byName = new Map<string, DocType>(loadDemoDocTypes().map((d) => [d.name, d]))
  const configured = BOOT_DOCTYPES.map((d) => byName.get(d)).filter((d) => d !== undefined)
  const parts = [...configured, ...configured.flatMap((d) => d.tableFields.map((f) => byName.get(f.options)).filter((d) => d !== undefined))]
  const targets = parts.flatMap((d) => d.linkFields.filter((f) => f.fieldtype === 'Link').map((f) => f.options))
  return [...new Set([...BOOT_DOCTYPES, ...targets])].filter((d) => byName.get(d) && !byName.get(d)?.istable && !byName.get(d)?.issingle)
}

/** The dataset's documents, one DocType at a time, without holding them all. */
export class DatasetReader {
  private readonly db: Database.Database
  constructor(path: string) {
    this.db = new Database(path, { readonly: true })
  }

  count(doctype: string): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM "${doctype}"`).get() as { n: number }).n
  }

  *docs(doctype: string): Generator<Doc> {
    for (const row of this.db.prepare(`SELECT json FROM "${doctype}" ORDER BY name`).iterate() as Iterable<{ json: string }>) yield JSON.parse(row.json) as Doc
  }

  *rawDocs(doctype: string): Generator<{ name: string; json: string }> {
    yield* this.db.prepare(`SELECT name, json FROM "${doctype}" ORDER BY name`).iterate() as Iterable<{ name: string; json: string }>
  }

  close(): void {
    this.db.close()
  }
}

/** Bumped when the facts or the peers' stored form change, so a stale cache is not reused. */
const FACTS_VERSION = 2

const HEADER_FIELDS = ['company', 'currency', 'conversion_rate', 'selling_price_list', 'price_list_currency', 'plc_conversion_rate', 'debit_to', 'naming_series', 'territory']

function childTables(doctypes: readonly string[]): Record<string, { fieldname: string; doctype: string }[]> {
  const byName = new Map<string, DocType>(loadDemoDocTypes().map((d) => [d.name, d]))
  return Object.fromEntries(doctypes.map((d) => [d, (byName.get(d)?.tableFields ?? []).map((f) => ({ fieldname: f.fieldname, doctype: f.options }))]))
}

function customerHeader(reader: DatasetReader): Record<string, unknown> {
  for (const c of reader.docs(CUSTOMER)) return { customer_group: c['customer_group'], territory: c['territory'], customer_type: c['customer_type'] ?? 'Company' }
  throw new Error('the dataset has no Customer')
}

function collectFacts(size: DemoSize, doctypes: readonly string[], dataPath: string): DatasetFacts {
  const reader = new DatasetReader(dataPath)
  try {
    const counts = Object.fromEntries(doctypes.map((d) => [d, reader.count(d)]))
    let bytes = 0
    let rows = 0
    const perCustomer = new Map<string, number>()
    const drafts: string[] = []
    let header: Record<string, unknown> = {}
    for (const { json } of reader.rawDocs(INVOICE)) {
      const doc = JSON.parse(json) as Doc
      bytes += Buffer.byteLength(json)
      rows += Array.isArray(doc['items']) ? doc['items'].length : 0
      const customer = String(doc['customer'])
      perCustomer.set(customer, (perCustomer.get(customer) ?? 0) + 1)
      if (doc['docstatus'] === 0) drafts.push(String(doc['name']))
      if (Object.keys(header).length === 0) header = Object.fromEntries(HEADER_FIELDS.filter((f) => doc[f] !== undefined).map((f) => [f, doc[f]]))
    }
    const invoices = counts[INVOICE] ?? 0
    const items = [...reader.docs('Item')].filter((i) => !i['disabled']).slice(0, 500)
      .map((i) => ({ item_code: String(i['item_code'] ?? i['name']), item_name: String(i['item_name'] ?? i['name']), rate: Number(i['standard_rate'] ?? 10) || 10 }))
    return {
      size, seed: DEMO_SEED, doctypes, counts, docs: Object.values(counts).reduce((a, b) => a + b, 0),
      invoice_json_bytes_mean: Math.round(bytes / Math.max(1, invoices)), invoice_items_mean: Math.round((rows / Math.max(1, invoices)) * 100) / 100,
      queryCustomers: [...perCustomer.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 50).map(([c]) => c),
      customers: [...reader.docs(CUSTOMER)].filter((c) => !c['disabled']).map((c) => String(c['name'])),
      drafts: drafts.sort(), items, invoiceHeader: header, customerHeader: customerHeader(reader), childTables: childTables(doctypes),
    }
  } finally {
    reader.close()
  }
}

/**
 * The dataset for `size`, cached in `cacheDir` (seeding the large site takes minutes): the
 * seeded site file, its documents as (name, json) tables, and the facts the scenarios need.
 */
export async function prepareDataset(size: DemoSize, cacheDir: string, fresh: boolean): Promise<Dataset> {
  const dir = join(cacheDir, `compare-${size}-v${FACTS_VERSION}`)
  const sitePath = join(dir, 'site.db')
  const dataPath = join(dir, 'dataset.db')
  const factsPath = join(dir, 'facts.json')
  if (!fresh && existsSync(factsPath)) return { dir, sitePath, dataPath, facts: JSON.parse(readFileSync(factsPath, 'utf8')) as DatasetFacts }
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const doctypes = bootDoctypeClosure()
  console.log(`dataset: seeding a ${size} demo site (seed ${DEMO_SEED}) ...`)
  const server = await startServerProcess(['--demo', '--demo-size', size, '--db', sitePath, '--port', String(20000 + Math.floor(Math.random() * 1000)), '--no-desk'], SERVER_ENV)
  try {
    const pulled = await runChildScript<{ docs: number }>('./sync-floor-child.ts', ['--url', server.url, '--path', dataPath, '--doctypes', JSON.stringify(doctypes), '--limit', '1000'])
    console.log(`dataset: exported ${pulled.docs} documents of ${doctypes.length} DocTypes`)
  } finally {
    await server.stop()
  }
  const facts = collectFacts(size, doctypes, dataPath)
  writeFileSync(factsPath, JSON.stringify(facts))
  return { dir, sitePath, dataPath, facts }
}

/** A fresh copy of the seeded site for one run's server. */
export function copySite(dataset: Dataset, to: string): void {
  copyFileSync(dataset.sitePath, to)
  for (const suffix of ['-wal', '-shm']) if (existsSync(dataset.sitePath + suffix)) copyFileSync(dataset.sitePath + suffix, to + suffix)
}
