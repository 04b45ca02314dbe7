import { describe, expect, it } from 'vitest'
import { Schema, type Doc, type FilterCondition, type Operator } from '@outpost/meta'
import { buildDocType } from '@outpost/meta/testing'
import { memoryStore } from '@outpost/core/testing'
import type { DocQuery, LocalStore } from '@outpost/core'
import { sqliteStore } from './index.ts'

/** Differential check: the SQL store must answer every query exactly as the memory store. */
function paritySchema(): Schema {
  const row = buildDocType('Widget Line', [
    { fieldname: 'item', fieldtype: 'Data' },
    { fieldname: 'qty', fieldtype: 'Float' },
    { fieldname: 'due', fieldtype: 'Date' },
  ], { istable: 1 })
  const widget = buildDocType('Widget', [
    { fieldname: 'title', fieldtype: 'Data' },
    { fieldname: 'maker', fieldtype: 'Link', options: 'Widget' },
    { fieldname: 'ref_type', fieldtype: 'Link', options: 'DocType' },
    { fieldname: 'ref', fieldtype: 'Dynamic Link', options: 'ref_type' },
    { fieldname: 'sec', fieldtype: 'Section Break' },
    { fieldname: 'price', fieldtype: 'Currency' },
    { fieldname: 'count', fieldtype: 'Int' },
    { fieldname: 'active', fieldtype: 'Check' },
    { fieldname: 'made_on', fieldtype: 'Date' },
    { fieldname: 'seen_at', fieldtype: 'Datetime' },
    { fieldname: 'at', fieldtype: 'Time' },
    { fieldname: 'spec', fieldtype: 'JSON' },
    { fieldname: 'lines', fieldtype: 'Table', options: 'Widget Line' },
    { fieldname: 'extra_lines', fieldtype: 'Table', options: 'Widget Line' },
  ])
  return new Schema([row, widget])
}

const POOLS: Record<string, readonly unknown[]> = {
  text: [null, '', 'Hammer', 'hammer', 'HAMMER drill', 'Kite_50%', 'é', 'Ä', 'zeta', 'a%b', '0', '10', 'W-3'],
  number: [null, 0, 1, 2.5, -3, 10, 99, 1e6, 0.1, true],
  date: [null, '', '2026-01-05', '2025-12-31', '0001-01-01', '2026-02-01'],
  datetime: [null, '2026-01-05 08:00:00.000000', '2026-01-05 00:00:00.000000', '2026-01-06 00:00:00.000000', '0001-01-01 00:00:00.000000'],
  time: [null, '00:00:00', '08:30:00', '23:59:59'],
  json: [null, { weight: 2 }, 'Text', [1, 2], 'text'],
}
const FIELDS: Record<string, string> = {
  name: 'text', title: 'text', maker: 'text', ref_type: 'text', ref: 'text', sec: 'text', owner: 'text', parent: 'text',
  price: 'number', count: 'number', active: 'number', idx: 'number', docstatus: 'number',
  made_on: 'date', seen_at: 'datetime', modified: 'datetime', at: 'time', spec: 'json',
  item: 'text', qty: 'number', due: 'date',
}
const PATTERNS = ['%', '', 'ham%', '%A%', '_', '%\\_%', '1%', '%.5', '0001%', '%-01-%', '%0', 'w-_', '%"weight"%']
const OPS: readonly Operator[] = ['=', '!=', '<', '>', '<=', '>=', 'like', 'not like', 'in', 'not in', 'is', 'between']

function random(seed: number): () => number {
  let s = seed
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
}

function makeDocs(pick: <T>(xs: readonly T[]) => T): Doc[] {
  const line = (n: number): Doc => ({ name: `l${n}`, idx: n, item: pick(POOLS.text!), qty: pick(POOLS.number!), due: pick(POOLS.date!) })
  return Array.from({ length: 40 }, (_, i) => ({
    doctype: 'Widget', name: i % 7 === 0 ? `w-${i}` : `W-${i}`, owner: pick(POOLS.text!), idx: i % 5, docstatus: i % 3,
    modified: pick(POOLS.datetime!), title: pick(POOLS.text!), maker: pick(POOLS.text!), ref_type: pick(POOLS.text!), ref: pick(POOLS.text!),
    price: pick(POOLS.number!), count: pick([null, 0, 1, 2, -3, 10]), active: pick([null, 0, 1]), made_on: pick(POOLS.date!),
    seen_at: pick(POOLS.datetime!), at: pick(POOLS.time!), spec: pick(POOLS.json!),
    lines: Array.from({ length: Math.floor(pick([0, 1, 2, 3])) }, (_, n) => line(n + 1)),
    ...(i % 4 === 0 ? { extra_lines: [line(9)] } : {}),
  }))
}

function makeCondition(pick: <T>(xs: readonly T[]) => T): FilterCondition {
  const field = pick(Object.keys(FIELDS))
  const pool = POOLS[FIELDS[field]!]!
  const op = pick(OPS)
  const anyValue = (): unknown => pick([...pool, ...POOLS.text!.slice(0, 4)])
  const value = op === 'like' || op === 'not like' ? pick(PATTERNS)
    : op === 'is' ? pick(['set', 'not set'])
      : op === 'in' || op === 'not in' ? pick([[], [anyValue()], [anyValue(), anyValue()], 'Hammer, zeta', [null], ['']])
        : op === 'between' ? [anyValue(), anyValue()]
          : anyValue()
  const childForm = ['item', 'qty', 'due'].includes(field) && pick([true, false])
  return { doctype: childForm ? 'Widget Line' : undefined, field, op, value }
}

async function answer(store: LocalStore, query: DocQuery): Promise<string[] | string> {
  try {
    const docs = await store.read((tx) => tx.queryDocs('Widget', query))
    const count = await store.read((tx) => tx.countDocs('Widget', query))
    return [...docs.map((d) => String(d['name'])), `count=${count}`]
  } catch (e) {
    return `error: ${(e as Error).name}`
  }
}

async function anyInvalid(memory: LocalStore, query: DocQuery): Promise<boolean> {
  for (const c of [...(query.filters ?? []), ...(query.orFilters ?? [])]) {
    if (typeof (await answer(memory, { filters: [c] })) === 'string') return true
  }
  return false
}

describe('SQL filters and sorts agree with meta matchesFilters (memory store)', () => {
  it('on 3000 random queries over NULLs, case, numbers, dates, JSON and child rows', async () => {
    const rnd = random(42)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
    const schema = paritySchema()
    const docs = makeDocs(pick)
    const stores = [memoryStore(), sqliteStore({ path: ':memory:' })]
    for (const s of stores) {
      await s.open(schema)
      await s.write(async (tx) => { for (const d of docs) await tx.putDoc('Widget', d) })
    }
    const sortable = Object.keys(FIELDS).filter((f) => !['item', 'qty', 'due'].includes(f))
    const mismatches: string[] = []
    for (let i = 0; i < 3000; i++) {
      const query: DocQuery = {
        filters: Array.from({ length: pick([0, 1, 1, 2]) }, () => makeCondition(pick)),
        orFilters: Array.from({ length: pick([0, 0, 2]) }, () => makeCondition(pick)),
        orderBy: Array.from({ length: pick([0, 1, 2]) }, () => ({ field: pick(sortable), order: pick(['asc', 'desc'] as const) })),
        ...(pick([true, false]) ? { rankByName: pick(['w-1', '1', 'x', '']) } : {}),
      }
      const [expected, actual] = await Promise.all(stores.map((s) => answer(s, query)))
      // memory short-circuits AND/OR and may never reach an invalid value; SQL refuses it up front
      if (await anyInvalid(stores[0]!, query)) {
        if (typeof actual !== 'string') mismatches.push(JSON.stringify({ query, expected: 'an error', actual }))
      } else if (JSON.stringify(expected) !== JSON.stringify(actual)) mismatches.push(JSON.stringify({ query, expected, actual }))
    }
    expect(mismatches.slice(0, 3)).toEqual([])
  })
})
