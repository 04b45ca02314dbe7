import { describe, expect, it } from 'vitest'
import { Dexie } from 'dexie'
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { foldCase, parseFilters, type Doc } from '@outpost/meta'
import type { DocQuery, LocalStore } from '@outpost/core'
import { gadgets, memoryStore, storeTestSchema } from '@outpost/core/testing'
import { indexedDbStore, STORE_FORMAT_VERSION } from './index.ts'
import { DEXIE_VERSION } from './layout.ts'

/**
 * A database as store format 1 left it (Dexie version 1; `ix` entry layout 1: an entry per
 * indexed field, NULL as -Infinity, and [doctype, '#name', name]), written here row by row
 * without this library, then opened with it.
 */
const GADGET_FIELDS_V1 = [['docstatus', 'int'], ['maker', 'text'], ['modified', 'datetime'], ['outpost_id', 'text']] as const

function entriesV1(doc: Doc): unknown[] {
  const entries: unknown[] = GADGET_FIELDS_V1.map(([field, kind]) => {
    const v = doc[field]
    if (kind === 'int') return ['Gadget', field, v === null || v === undefined ? 0 : Number(v)]
    if (v === null || v === undefined) return ['Gadget', field, -Infinity]
    return ['Gadget', field, kind === 'text' ? foldCase(String(v)) : String(v)]
  })
  entries.push(['Gadget', '#name', String(doc['name'])])
  return entries
}

/** Entry layout 2 (formats 3 and 4): no entry for a NULL, which the name entry lists; no order value. */
function entriesV2(doc: Doc): unknown[] {
  const nulls: string[] = []
  const entries: unknown[] = []
  for (const [field, kind] of GADGET_FIELDS_V1) {
    const v = doc[field]
    if (kind === 'int') entries.push(['Gadget', field, v === null || v === undefined ? 0 : Number(v)])
    else if (v === null || v === undefined) nulls.push(field)
    else entries.push(['Gadget', field, kind === 'text' ? foldCase(String(v)) : String(v)])
  }
  entries.push(['Gadget', '#name', nulls.join(' '), String(doc['name'])])
  return entries
}

const STORES_V1 = { docs: '[doctype+key], *ix', records: '[kind+key]', layout: 'id' }
const raw = (indexedDB: InstanceType<typeof IDBFactory>, name: string): Dexie => new Dexie(name, { indexedDB, IDBKeyRange })

async function writeFormat1(indexedDB: InstanceType<typeof IDBFactory>, name: string, docs: readonly Doc[]): Promise<void> {
  const db = raw(indexedDB, name)
  db.version(1).stores(STORES_V1)
  await db.open()
  await db.table('layout').bulkPut([{ id: 'format', version: 1 }, { id: 'ix:Gadget', signature: JSON.stringify(GADGET_FIELDS_V1) }])
  await db.table('docs').bulkPut(docs.map((doc) => ({ doctype: 'Gadget', key: foldCase(String(doc['name'])), doc, ix: entriesV1(doc) })))
  await db.table('records').bulkPut([
    { kind: 'outbox', key: '000000000001', value: { kind: 'update', doctype: 'Gadget', name: 'G-2', doc: { title: 'drill' } } },
    { kind: 'state', key: 'cursor:Gadget', value: '2026-01-06 10:00:00.000000' },
  ])
  db.close()
}

/** More gadgets than the fixtures, with NULLs in every indexed text field and one set outpost_id. */
function manyGadgets(): Doc[] {
  const extra = Array.from({ length: 40 }, (_, i): Doc => ({
    ...gadgets()[i % 6]!, name: `G-${10 + i}`, maker: i % 3 === 0 ? null : `G-${i % 5}`, modified: i % 7 === 0 ? null : `2026-02-${String((i % 27) + 1).padStart(2, '0')} 10:00:00.000000`,
    outpost_id: i === 4 ? 'id-4' : null, docstatus: i % 2,
  }))
  return [...gadgets(), ...extra]
}

const QUERIES: DocQuery[] = [
  {},
  { filters: parseFilters({ maker: 'g-1' }) },
  { filters: parseFilters({ maker: ['is', 'not set'] }), orderBy: [{ field: 'modified', order: 'asc' }], limit: 5 },
  { filters: parseFilters({ maker: ['is', 'set'], docstatus: 1 }) },
  { filters: parseFilters({ outpost_id: 'id-4' }) },
  { filters: parseFilters({ modified: ['<', '2026-02-03'] }), orderBy: [{ field: 'modified', order: 'desc' }] },
  { orderBy: [{ field: 'maker', order: 'asc' }], limit: 7 },
  { orderBy: [{ field: 'modified', order: 'desc' }], limit: 45 },
]

async function answers(store: LocalStore): Promise<unknown[]> {
  return store.read(async (tx) => {
    const out: unknown[] = []
    for (const q of QUERIES) {
      out.push((await tx.queryDocs('Gadget', q)).map((d) => d['name']))
      out.push(await tx.countDocs('Gadget', { filters: q.filters ?? [] }))
    }
    out.push((await tx.listDocNames('Gadget')).sort())
    return out
  })
}

describe('IndexedDB store: a database of the previous store format', () => {
  it('opens with this version, reads the same documents and records, and is rewritten in the current layout', async () => {
    const indexedDB = new IDBFactory()
    const docs = manyGadgets()
    await writeFormat1(indexedDB, 'format-1', docs)
    // a tab still running the previous version holds a connection: the upgrade closes it
    const oldTab = raw(indexedDB, 'format-1')
    oldTab.version(1).stores(STORES_V1)
    await oldTab.open()

    const store = indexedDbStore({ name: 'format-1', indexedDB, IDBKeyRange })
    await store.open(storeTestSchema())
    expect(oldTab.isOpen()).toBe(false)

    for (const doc of docs) expect(await store.read((tx) => tx.getDoc('Gadget', String(doc['name'])))).toEqual(doc)
    expect(await store.read((tx) => tx.getRecord('state', 'cursor:Gadget'))).toBe('2026-01-06 10:00:00.000000')
    expect(await store.read((tx) => tx.countRecords('outbox'))).toBe(1)
    const memory = memoryStore()
    await memory.open(storeTestSchema())
    await memory.write(async (tx) => { for (const d of docs) await tx.putDoc('Gadget', d) })
    expect(await answers(store)).toEqual(await answers(memory))
    await store.close()

    const after = raw(indexedDB, 'format-1')
    await after.open()
    expect(after.verno).toBe(DEXIE_VERSION)
    expect(await after.table('layout').get('format')).toEqual({ id: 'format', version: STORE_FORMAT_VERSION - 1 })
    expect((await after.table('layout').get('ix:Gadget')) as unknown).not.toEqual({ id: 'ix:Gadget', signature: JSON.stringify(GADGET_FIELDS_V1) })
    const rows = (await after.table('docs').toArray()) as { ix: unknown[][] }[]
    expect(rows).toHaveLength(docs.length)
    for (const row of rows) {
      expect(row.ix.some((e) => e[2] === -Infinity)).toBe(false)
      expect(row.ix.filter((e) => e[1] === '#name')).toHaveLength(1)
      expect(row.ix.find((e) => e[1] === '#name')).toHaveLength(4)
      // entry layout 4: maker's entry carries modified, Gadget's sort field; docstatus is in the name entry's group
      expect(row.ix.filter((e) => e[1] === 'maker').every((e) => e.length === 4)).toBe(true)
      expect(row.ix.filter((e) => e[1] === 'docstatus')).toEqual([])
    }
    after.close()
  })

  it('rewrites a database of entry layout 2 (format 3) with order values, and its lists read them', async () => {
    const indexedDB = new IDBFactory()
    const docs = manyGadgets()
    const db = raw(indexedDB, 'format-3')
    db.version(2).stores(STORES_V1)
    await db.open()
    await db.table('layout').bulkPut([{ id: 'format', version: 3 }, { id: 'ix:Gadget', signature: JSON.stringify([2, GADGET_FIELDS_V1]) }])
    await db.table('docs').bulkPut(docs.map((doc) => ({ doctype: 'Gadget', key: foldCase(String(doc['name'])), doc, ix: entriesV2(doc) })))
    db.close()
    const store = indexedDbStore({ name: 'format-3', indexedDB, IDBKeyRange })
    await store.open(storeTestSchema())
    const memory = memoryStore()
    await memory.open(storeTestSchema())
    await memory.write(async (tx) => { for (const d of docs) await tx.putDoc('Gadget', d) })
    const list: DocQuery = { filters: parseFilters({ docstatus: 0 }), orderBy: [{ field: 'modified', order: 'desc' }], limit: 5 }
    const page = async (s: LocalStore): Promise<unknown> => s.read(async (tx) => (await tx.queryDocs('Gadget', list)).map((d) => d['name']))
    expect(await page(store)).toEqual(await page(memory))
    expect(await answers(store)).toEqual(await answers(memory))
    await store.close()
    const after = raw(indexedDB, 'format-3')
    await after.open()
    expect(await after.table('layout').get('format')).toEqual({ id: 'format', version: STORE_FORMAT_VERSION - 1 })
    const rows = (await after.table('docs').toArray()) as { doc: Doc; ix: unknown[][] }[]
    const row = rows.find((r) => r.doc['maker'] && r.doc['docstatus'] === 0)!
    expect(row.ix.find((e) => e[1] === 'maker')).toEqual(['Gadget', 'maker', String(row.doc['maker']).toLowerCase(), row.doc['modified'] ?? -Infinity])
    expect(row.ix.find((e) => e[1] === '#name')?.[2]).toContain('\u0001[0,')
    after.close()
  })

  it('keeps its data when another tab opens it again: the rewrite is done once', async () => {
    const indexedDB = new IDBFactory()
    await writeFormat1(indexedDB, 'format-1-twice', gadgets())
    const first = indexedDbStore({ name: 'format-1-twice', indexedDB, IDBKeyRange })
    await first.open(storeTestSchema())
    await first.close()
    const second = indexedDbStore({ name: 'format-1-twice', indexedDB, IDBKeyRange })
    await second.open(storeTestSchema())
    expect(await second.read((tx) => tx.queryDocs('Gadget', { filters: parseFilters({ maker: ['is', 'not set'] }), orderBy: [{ field: 'name', order: 'asc' }] }))).toEqual(
      gadgets().filter((g) => g['maker'] === undefined || g['maker'] === null),
    )
    await second.close()
  })
})
