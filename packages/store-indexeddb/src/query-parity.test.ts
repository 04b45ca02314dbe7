import { describe, expect, it } from 'vitest'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { Schema, type Doc, type FilterCondition, type Operator } from '@outpost/meta'
import { buildDocType } from '@outpost/meta/testing'
import { memoryStore } from '@outpost/core/testing'
import type { DocQuery, LocalStore, StoreReader } from '@outpost/core'
import { queryCommitted } from './doc-query.ts'
import { openDatabase } from './store-format.ts'
import { ReadSession } from './read-session.ts'
import { indexedDbStore, type StoreEncryptionOptions } from './index.ts'

/**
 * Differential check against the memory store (meta's matchesFilters and sortKey): every query,
 * count and page must come out the same, on indexed and unindexed fields alike, on committed
 * data and through a write's buffer.
 */
function paritySchema(): Schema {
  const line = buildDocType('Widget Line', [
    { fieldname: 'item', fieldtype: 'Data' },
    { fieldname: 'qty', fieldtype: 'Float' },
  ], { istable: 1 })
  const widget = buildDocType('Widget', [
    { fieldname: 'title', fieldtype: 'Data' },
    { fieldname: 'kind', fieldtype: 'Select', options: 'Tool\nToy', in_standard_filter: 1 },
    { fieldname: 'maker', fieldtype: 'Link', options: 'Widget' },
    { fieldname: 'ref_type', fieldtype: 'Link', options: 'DocType' },
    { fieldname: 'ref', fieldtype: 'Dynamic Link', options: 'ref_type' },
    { fieldname: 'price', fieldtype: 'Currency', in_list_view: 1 },
    { fieldname: 'count', fieldtype: 'Int' },
    { fieldname: 'active', fieldtype: 'Check', in_list_view: 1 },
    { fieldname: 'made_on', fieldtype: 'Date', in_list_view: 1 },
    { fieldname: 'seen_at', fieldtype: 'Datetime' },
    { fieldname: 'at', fieldtype: 'Time', search_index: 1 },
    { fieldname: 'lines', fieldtype: 'Table', options: 'Widget Line' },
  ])
  return new Schema([line, widget])
}

const POOLS: Record<string, readonly unknown[]> = {
  text: [null, '', 'Hammer', 'hammer', 'HAMMER drill', 'Kite_50%', 'é', 'zeta', '0', '10', 'W-3', 'w-3'],
  number: [null, 0, 1, 2.5, -3, 10, 99, 0.1, '2.5'],
  date: [null, '', '2026-01-05', '2025-12-31', '0001-01-01', '2026-02-01'],
  datetime: [null, '', '2026-01-05 08:00:00.000000', '2026-01-05 00:00:00.000000', '2026-01-06 00:00:00.000000', '0001-01-01 00:00:00.000000'],
  time: [null, '00:00:00', '08:30:00', '23:59:59'],
}
const FIELDS: Record<string, string> = {
  name: 'text', title: 'text', kind: 'text', maker: 'text', ref_type: 'text', ref: 'text', outpost_id: 'text', owner: 'text',
  price: 'number', count: 'number', active: 'number', idx: 'number', docstatus: 'number',
  made_on: 'date', seen_at: 'datetime', modified: 'datetime', at: 'time', item: 'text', qty: 'number',
}
const CHILD_FIELDS = ['item', 'qty']
const OPS: readonly Operator[] = ['=', '=', '!=', '<', '>', '<=', '>=', 'like', 'not like', 'in', 'in', 'not in', 'is', 'between']
const PATTERNS = ['%', 'ham%', '%A%', '_', '1%', '%-01-%', 'w-_']

type Pick = <T>(xs: readonly T[]) => T

function seeded(seed: number): Pick {
  let s = seed
  const next = () => (s = (s * 48271) % 2147483647) / 2147483647
  return (xs) => xs[Math.floor(next() * xs.length)]!
}

function makeDoc(pick: Pick, i: number): Doc {
  const text = POOLS['text']!
  return {
    doctype: 'Widget', name: pick([`W-${i}`, `w-${i}`, `Widget ${i}`]), owner: pick(text), idx: i % 4, docstatus: pick([0, 1, 2]),
    modified: pick(POOLS['datetime']!), outpost_id: pick([null, `id-${i % 5}`]), title: pick(text), kind: pick([null, '', 'Tool', 'tool', 'Toy']),
    maker: pick(text), ref_type: pick([null, 'Widget', 'widget']), ref: pick(text), price: pick(POOLS['number']!), count: pick([null, 0, 1, -3]),
    active: pick([null, 0, 1]), made_on: pick(POOLS['date']!), seen_at: pick(POOLS['datetime']!), at: pick(POOLS['time']!),
    lines: Array.from({ length: pick([0, 1, 2]) }, (_, n) => ({ name: `l${i}-${n}`, idx: n + 1, item: pick(text), qty: pick(POOLS['number']!) })),
  }
}

function makeCondition(pick: Pick): FilterCondition {
  const field = pick(Object.keys(FIELDS))
  const pool = POOLS[FIELDS[field]!]!.filter((v) => v !== '2.5')
  const op = pick(OPS)
  const value = op === 'like' || op === 'not like' ? pick(PATTERNS)
    : op === 'is' ? pick(['set', 'not set'])
      : op === 'in' || op === 'not in' ? pick([[], [pick(pool)], [pick(pool), pick(pool)], [''], 'Hammer, zeta'])
        : op === 'between' ? [pick(pool), pick(pool)]
          : pick(pool)
  const child = CHILD_FIELDS.includes(field) && pick([true, false])
  return { doctype: child ? 'Widget Line' : undefined, field, op, value }
}

function makeQuery(pick: Pick): DocQuery {
  const sortable = Object.keys(FIELDS).filter((f) => !CHILD_FIELDS.includes(f))
  const limit = pick([undefined, undefined, 0, 1, 2, 5, 20])
  return {
    filters: Array.from({ length: pick([0, 1, 1, 2, 3]) }, () => makeCondition(pick)),
    orFilters: Array.from({ length: pick([0, 0, 0, 2]) }, () => makeCondition(pick)),
    orderBy: Array.from({ length: pick([0, 1, 1, 2]) }, () => ({ field: pick(sortable), order: pick(['asc', 'desc'] as const) })),
    ...(pick([false, false, false, true]) ? { rankByName: pick(['w-1', '1', 'x']) } : {}),
    ...(limit === undefined ? {} : { limit, offset: pick([0, 0, 1, 3]) }),
  }
}

/** A list as a list view asks for it: one field equal to a value, sorted by `order` first. */
function pairedQuery(pick: Pick, order: string): DocQuery {
  const field = pick(Object.keys(FIELDS).filter((f) => !CHILD_FIELDS.includes(f) && f !== order))
  const extra = pick([[], [], [makeCondition(pick)]])
  return {
    filters: [{ doctype: undefined, field, op: '=', value: pick(POOLS[FIELDS[field]!]!.filter((v) => v !== '2.5')) }, ...extra],
    orderBy: [{ field: order, order: pick(['asc', 'desc'] as const) }, ...pick([[], [{ field: pick(['name', 'title', 'price']), order: pick(['asc', 'desc'] as const) }]])],
    limit: pick([1, 2, 5, 20]),
    offset: pick([0, 0, 1, 3]),
  }
}

async function answer(tx: StoreReader, query: DocQuery): Promise<string> {
  try {
    const docs = await tx.queryDocs('Widget', query)
    const { offset: _o, limit: _l, orderBy: _b, rankByName: _r, ...filters } = query
    const count = await tx.countDocs('Widget', filters)
    return JSON.stringify([docs.map((d) => d['name']), count, docs.map((d) => d['title'])])
  } catch (e) {
    return `error: ${(e as Error).name}`
  }
}

const ENCRYPTED = { passphrase: 'parity', iterations: 1_000 }

interface ParityOptions {
  readonly encryption?: StoreEncryptionOptions
  /** The store's listOrder for Widget; queries are then lists sorted by it (pairedQuery). */
  readonly order?: string
}

async function setUp(pick: Pick, name: string, indexedDB = new IDBFactory(), { encryption, order }: ParityOptions = {}): Promise<[LocalStore, LocalStore]> {
  const listOrder = order === undefined ? {} : { listOrder: { Widget: order } }
  const stores: [LocalStore, LocalStore] = [memoryStore(), indexedDbStore({ name, indexedDB, IDBKeyRange, ...(encryption ? { encryption } : {}), ...listOrder })]
  const docs = Array.from({ length: 60 }, (_, i) => makeDoc(pick, i))
  for (const s of stores) {
    await s.open(paritySchema())
    await s.write(async (tx) => { for (const d of docs) await tx.putDoc('Widget', d) })
  }
  return stores
}

const mismatch = (query: DocQuery, expected: string, actual: string): string[] =>
  expected === actual || expected.startsWith('error') ? [] : [JSON.stringify({ query, expected, actual })]

async function readParity(queries: number, options: ParityOptions = {}): Promise<string[]> {
  const pick = seeded(7)
  const [memory, idb] = await setUp(pick, 'parity-read', new IDBFactory(), options)
  const mismatches: string[] = []
  for (let i = 0; i < queries; i++) {
    const query = options.order === undefined ? makeQuery(pick) : pairedQuery(pick, options.order)
    const [expected, actual] = await Promise.all([memory, idb].map((s) => s.read((tx) => answer(tx, query))))
    mismatches.push(...mismatch(query, expected!, actual!))
  }
  return mismatches
}

/** Pages read in sort-index order on a second connection, with every candidate set "large". */
async function streamParity(encryption?: StoreEncryptionOptions): Promise<string[]> {
  const indexedDB = new IDBFactory()
  const pick = seeded(11)
  const [memory] = await setUp(pick, 'parity-stream', indexedDB, encryption ? { encryption } : {})
  const tables = await openDatabase({ indexedDB, IDBKeyRange }, 'parity-stream', () => undefined, { encryption })
  const schema = paritySchema()
  const scope = { tables, storeName: 'parity-stream', schema, reads: new ReadSession(tables, 'parity-stream', IDBKeyRange) }
  const mismatches: string[] = []
  for (let i = 0; i < 500; i++) {
    const query = { ...makeQuery(pick), limit: pick([1, 2, 5, 20]) }
    const expected = await memory.read((tx) => answer(tx, query))
    let actual: string
    try {
      const docs = await queryCommitted(scope, schema.get('Widget')!, query, 0)
      actual = JSON.stringify(docs.map((d) => d['name']))
    } catch (e) {
      actual = `error: ${(e as Error).name}`
    }
    const names = expected.startsWith('error') ? expected : JSON.stringify((JSON.parse(expected) as unknown[])[0])
    mismatches.push(...mismatch(query, names, actual))
  }
  tables.db.close()
  return mismatches
}

describe('IndexedDB queries agree with meta matchesFilters (memory store)', () => {
  it('on 1000 random queries, counts and pages over committed data', async () => {
    expect((await readParity(1000)).slice(0, 3)).toEqual([])
  })

  it('on 300 random queries over an encrypted database', async () => {
    expect((await readParity(300, { encryption: ENCRYPTED })).slice(0, 3)).toEqual([])
  })

  // A list filtered by one field and sorted by the listOrder field reads its page off that field's paired entries.
  it.each(['made_on', 'modified', 'title', 'price', 'kind', 'name'])('on 400 list queries sorted by the listOrder field %s', async (order) => {
    expect((await readParity(400, { order })).slice(0, 3)).toEqual([])
  })

  it('on 200 list queries sorted by the listOrder field, over an encrypted database', async () => {
    expect((await readParity(200, { order: 'made_on', encryption: ENCRYPTED })).slice(0, 3)).toEqual([])
  })

  it('reading pages in sort-index order, however many candidates the indexes give', async () => {
    expect((await streamParity()).slice(0, 3)).toEqual([])
  })

  it('reading pages in sort-index order from an encrypted database (pages of rows, then decrypted)', async () => {
    expect((await streamParity(ENCRYPTED)).slice(0, 3)).toEqual([])
  })

  it('through a write buffer holding puts, respellings and deletions', async () => {
    const pick = seeded(23)
    const stores = await setUp(pick, 'parity-write')
    const mismatches: string[] = []
    for (let round = 0; round < 40; round++) {
      const puts = Array.from({ length: pick([1, 3, 8]) }, () => makeDoc(pick, pick([1, 2, 3, 5, 8, 13, 61, 62])))
      const deletions = Array.from({ length: pick([0, 1, 3]) }, () => pick(['W-4', 'w-7', 'Widget 9', 'W-61', 'w-1']))
      const queries = Array.from({ length: 10 }, () => makeQuery(pick))
      const answers = await Promise.all(stores.map(async (s) => {
        const out: string[] = []
        await s.write(async (tx) => {
          for (const d of puts) await tx.putDoc('Widget', d)
          for (const n of deletions) await tx.deleteDoc('Widget', n)
          for (const q of queries) out.push(await answer(tx, q))
          out.push(JSON.stringify((await tx.listDocNames('Widget')).sort()))
          throw new Error('rolled back on purpose')
        }).catch(() => undefined)
        return out
      }))
      answers[0]!.forEach((expected, i) => mismatches.push(...mismatch(queries[i] ?? {}, expected, answers[1]![i]!)))
    }
    expect(mismatches.slice(0, 3)).toEqual([])
  })
})
