import { outpostRemote } from '@outpost/remote-outpost'
import { committed, deleteDb, openDb, type IdbDatabase, type IdbObjectStore } from './browser-idb.ts'
import { naiveUpgrade, naiveWritePage } from './browser-naive-baseline.ts'

/**
 * The page of the IndexedDB cost probe (browser-idb-cost.ts): what Chromium's IndexedDB charges
 * for the shapes a boot could write. One page of pulled Sales Invoices, copied under new names,
 * written in pages of 1,000 per transaction, in each layout, each into a fresh database:
 * - `naive`: the browser bench's baseline (browser-naive-baseline.ts), a put per document and per child row;
 * - `row+N`: a put per document, child rows inside, with N entries under one multiEntry index
 *   (`o`: each entry carries an order value; `s`: DocType and fields as small numbers);
 * - `block50`: 50 documents per put, no index;
 * - `row+6o-work`: six entries with order values, after JS work of about an engine's size per
 *   page; `-piped`: the next page's work and puts start while the last page commits.
 */
export interface CostLayout {
  readonly layout: string
  readonly puts_per_doc: number
  readonly index_entries_per_doc: number
  readonly ms: number
}

export interface CostAnswer {
  readonly docs: number
  readonly json_bytes_per_doc: number
  readonly layouts: CostLayout[]
}

type Doc = Record<string, unknown>
interface MultiEntryStore extends IdbObjectStore { createIndex(name: string, keyPath: string, options: { multiEntry: boolean }): unknown }

const INDEXED = ['modified', 'customer', 'posting_date', 'debit_to', 'company', 'status', 'currency', 'cost_center', 'selling_price_list', 'territory', 'docstatus']

async function layoutRun(name: string, pages: readonly Doc[][], upgrade: (db: IdbDatabase) => void, write: (db: IdbDatabase, page: readonly Doc[], last: boolean) => Promise<void>): Promise<number> {
  await deleteDb(name)
  const db = await openDb(name, upgrade)
  const t0 = performance.now()
  for (const [i, page] of pages.entries()) await write(db, page, i === pages.length - 1)
  const ms = performance.now() - t0
  db.close()
  await deleteDb(name)
  return ms
}

function naive(pages: readonly Doc[][]): Promise<number> {
  return layoutRun('cost-naive', pages, naiveUpgrade, async (db, page) => void (await naiveWritePage(db, 'Sales Invoice', page)))
}

interface EntryShape {
  /** DocType and fieldnames as small numbers, in the entries and the primary key. */
  readonly short?: boolean
  /** Each field's entry also carries the posting date (the list order value). */
  readonly order?: boolean
  /** Before each page, JS work of about an engine's size (copies and JSON round trips of the page). */
  readonly work?: boolean
  /** The next page's work and puts start while the last page commits (two transactions at most). */
  readonly piped?: boolean
  /** The document stored as its JSON text (stringified in the timed loop), not as an object. */
  readonly json?: boolean
}

/** About the page-thread work a replica does per page besides its puts (parse, copies, rows). */
function engineWork(page: readonly Doc[]): number {
  let n = 0
  for (let i = 0; i < 3; i++) n += (JSON.parse(JSON.stringify(structuredClone(page))) as unknown[]).length
  return n
}

function rows(pages: readonly Doc[][], entries: number, shape: EntryShape = {}): Promise<number> {
  const fields = INDEXED.slice(0, Math.max(0, entries - 1))
  const doctype = shape.short ? 1 : 'Sales Invoice'
  let inflight: Promise<void> | undefined
  const fieldKey = (f: string, i: number): string | number => (shape.short ? i + 2 : f)
  const entry = (doc: Doc, f: string, i: number): unknown[] => {
    const base = [doctype, fieldKey(f, i), doc[f] ?? 0]
    return shape.order ? [...base, doc['posting_date'] ?? 0] : base
  }
  return layoutRun(`cost-row-${entries}`, pages, (db) => {
    const store = db.createObjectStore('docs', { keyPath: ['doctype', 'key'] }) as MultiEntryStore
    store.createIndex('ix', 'ix', { multiEntry: true })
  }, async (db, page, last) => {
    if (shape.work) engineWork(page)
    const tx = db.transaction(['docs'], 'readwrite')
    const done = committed(tx)
    for (const doc of page) {
      const ix = entries === 0 ? [] : [...fields.map((f, i) => entry(doc, f, i)), [doctype, shape.short ? 1 : '#name', '', String(doc['name'])]]
      tx.objectStore('docs').put({ doctype, key: String(doc['name']).toLowerCase(), doc: shape.json ? JSON.stringify(doc) : doc, ix })
    }
    if (!shape.piped || last) return done.then(() => inflight)
    const previous = inflight
    inflight = done
    await previous
  })
}

function blocks(pages: readonly Doc[][], size: number): Promise<number> {
  let n = 0
  return layoutRun(`cost-block-${size}`, pages, (db) => void db.createObjectStore('blocks', { keyPath: 'id' }), async (db, page) => {
    const tx = db.transaction(['blocks'], 'readwrite')
    const done = committed(tx)
    for (let i = 0; i < page.length; i += size) tx.objectStore('blocks').put({ id: n++, docs: page.slice(i, i + size) })
    await done
  })
}

export async function measureCosts(token: string, copies: number, only: readonly string[] = []): Promise<CostAnswer> {
  const origin = (globalThis as unknown as { location: { origin: string } }).location.origin
  const page = await outpostRemote({ url: origin, token }).pull({ doctype: 'Sales Invoice', cursor: undefined, limit: 1000 })
  if (page.kind !== 'page' || page.docs.length === 0) throw new Error(`no Sales Invoice to copy: ${page.kind}`)
  const pages = Array.from({ length: copies }, (_, c) => page.docs.map((d) => ({ ...d, name: `${String(d['name'])}-${c}` })))
  const docs = copies * page.docs.length
  // child rows of every table, each a put of its own in the naive layout
  const childRows = page.docs.reduce((sum, d) => sum + Object.values(d).filter(Array.isArray).reduce((n, rows) => n + rows.length, 0), 0) / page.docs.length
  const runs: [string, number, number, () => Promise<number>][] = [
    ['naive', 1 + childRows, 0, () => naive(pages)] as const,
    ['row+0', 1, 0, () => rows(pages, 0)],
    ['row+4', 1, 4, () => rows(pages, 4)],
    ['row+7', 1, 7, () => rows(pages, 7)],
    ['row+12', 1, 12, () => rows(pages, 12)],
    ['row+12o', 1, 12, () => rows(pages, 12, { order: true })],
    ['row+12os', 1, 12, () => rows(pages, 12, { order: true, short: true })],
    ['row+7os', 1, 7, () => rows(pages, 7, { order: true, short: true })],
    ['row+0-json', 1, 0, () => rows(pages, 0, { json: true })],
    ['row+6o', 1, 6, () => rows(pages, 6, { order: true })],
    ['row+6o-json', 1, 6, () => rows(pages, 6, { order: true, json: true })],
    ['block50', 1 / 50, 0, () => blocks(pages, 50)],
    ['row+6o-work', 1, 6, () => rows(pages, 6, { order: true, work: true })],
    ['row+6o-work-piped', 1, 6, () => rows(pages, 6, { order: true, work: true, piped: true })],
  ].filter(([layout]) => only.length === 0 || only.includes(layout as string)) as [string, number, number, () => Promise<number>][]
  const layouts: CostLayout[] = []
  // each layout twice, alternating, keeping the faster: the first writes of a page warm it up
  const best = new Map<string, number>()
  for (let round = 0; round < 2; round++) for (const [layout, , , run] of runs) best.set(layout, Math.min(best.get(layout) ?? Infinity, await run()))
  for (const [layout, puts, entries] of runs) layouts.push({ layout, puts_per_doc: Math.round(puts * 100) / 100, index_entries_per_doc: entries, ms: Math.round(best.get(layout)!) })
  return { docs, json_bytes_per_doc: Math.round(JSON.stringify(page.docs).length / page.docs.length), layouts }
}

;(globalThis as Record<string, unknown>)['outpostIdbCost'] = { measureCosts }
