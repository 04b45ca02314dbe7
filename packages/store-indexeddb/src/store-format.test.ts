import { describe, expect, it } from 'vitest'
import { Dexie } from 'dexie'
import { forceCloseDatabase, IDBKeyRange } from 'fake-indexeddb'
import { Schema } from '@outpost/meta'
import { buildDocType, type RawField } from '@outpost/meta/testing'
import { gadgets, storeTestSchema } from '@outpost/core/testing'
import { Connection } from './connection.ts'
import { indexedDbStore } from './index.ts'
import { testDb } from './test-stores.ts'

const raw = (indexedDB: unknown, name: string): Dexie => new Dexie(name, { indexedDB: indexedDB as { open: () => unknown }, IDBKeyRange })

async function databaseNames(indexedDB: { databases(): Promise<{ name?: string }[]> }): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => String(d.name))
}

describe('IndexedDB store: its database', () => {
  it("refuses another program's database with STORE_CORRUPT and leaves it alone", async () => {
    const db = testDb()
    const other = raw(db.indexedDB, 'someone-else')
    other.version(3).stores({ friends: '++id, name' })
    await other.table('friends').add({ name: 'Ann' })
    other.close()
    const store = db.store('someone-else')
    await expect(store.read((tx) => tx.countRecords('outbox'))).rejects.toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringMatching(/not an Outpost local store/) })
    await expect(store.open(storeTestSchema())).rejects.toMatchObject({ code: 'STORE_CORRUPT' })
    const again = raw(db.indexedDB, 'someone-else')
    await again.open()
    expect(await again.table('friends').count()).toBe(1)
    again.close()
  })

  it('refuses a database written by a newer version until it is destroyed', async () => {
    const db = testDb()
    const first = await db.gadgetStore('newer')
    await first.close()
    const tamper = raw(db.indexedDB, 'newer')
    await tamper.open()
    await tamper.table('layout').put({ id: 'format', version: 99 })
    tamper.close()
    const store = db.store('newer')
    await expect(store.open(storeTestSchema())).rejects.toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringMatching(/newer version of Outpost \(store format 99/) })
    await expect(store.read((tx) => tx.getRecord('state', 'x'))).rejects.toMatchObject({ code: 'STORE_CORRUPT' })
    await store.destroy()
    const fresh = db.store('newer')
    await fresh.open(storeTestSchema())
    expect(await fresh.read((tx) => tx.countDocs('Gadget'))).toBe(0)
  })

  it('reports a damaged document or record as STORE_CORRUPT, never as missing', async () => {
    const db = testDb()
    const store = await db.gadgetStore('damaged')
    const tamper = raw(db.indexedDB, 'damaged')
    await tamper.open()
    await tamper.table('docs').put({ doctype: 'Gadget', key: 'g-1', doc: 'not a document', ix: [] })
    await tamper.table('records').put({ kind: 'outbox', key: '0001' })
    tamper.close()
    await expect(store.read((tx) => tx.getDoc('Gadget', 'G-1'))).rejects.toMatchObject({ code: 'STORE_CORRUPT' })
    await expect(store.read((tx) => tx.queryDocs('Gadget'))).rejects.toMatchObject({ code: 'STORE_CORRUPT' })
    await expect(store.read((tx) => tx.getRecord('outbox', '0001'))).rejects.toMatchObject({ code: 'STORE_CORRUPT' })
    await expect(store.read((tx) => tx.listRecords('outbox'))).rejects.toMatchObject({ code: 'STORE_CORRUPT' })
  })

  it('deletes the database on destroy, and is closed afterwards', async () => {
    const db = testDb()
    const store = await db.gadgetStore('to-destroy')
    expect(await databaseNames(db.indexedDB)).toContain('to-destroy')
    await store.destroy()
    expect(await databaseNames(db.indexedDB)).not.toContain('to-destroy')
    await expect(store.read((tx) => tx.countRecords('outbox'))).rejects.toMatchObject({ code: 'STORE_CLOSED' })
    const fresh = db.store('to-destroy')
    await fresh.open(storeTestSchema())
    expect(await fresh.read((tx) => tx.countDocs('Gadget'))).toBe(0)
  })

  it('stops, rather than recreating an empty database, when another tab destroys it', async () => {
    const db = testDb()
    const tab = await db.gadgetStore('shared')
    await db.store('shared').destroy()
    await expect(tab.read((tx) => tx.countDocs('Gadget'))).rejects.toMatchObject({ code: 'STORE_CLOSED', message: expect.stringMatching(/another tab/) })
    await expect(tab.write((tx) => tx.putRecord('state', 'x', 1))).rejects.toMatchObject({ code: 'STORE_CLOSED' })
    expect(await databaseNames(db.indexedDB)).not.toContain('shared')
  })

  it('stays closed when the browser closes its connection, until opened again', async () => {
    const db = testDb()
    const conn = new Connection({ indexedDB: db.indexedDB, IDBKeyRange }, 'forced', {})
    const tables = await conn.tables()
    forceCloseDatabase(tables.db.backendDB() as never)
    await new Promise((resolve) => setTimeout(resolve, 10))
    await expect(conn.tables()).rejects.toMatchObject({ code: 'STORE_CLOSED', message: expect.stringMatching(/closed by the browser/) })
    conn.reopen()
    expect((await conn.tables()).db.isOpen()).toBe(true)
    conn.close()
  })

  it('keeps records before open, refuses documents before open and everything after close', async () => {
    const store = testDb().store('lifecycle')
    await store.write((tx) => tx.putRecord('meta', 'version', 3))
    expect(await store.read((tx) => tx.getRecord('meta', 'version'))).toBe(3)
    await expect(store.read((tx) => tx.queryDocs('Gadget'))).rejects.toMatchObject({ code: 'META_MISSING' })
    await store.open(storeTestSchema())
    await expect(store.write((tx) => tx.putDoc('Gadget Part', { name: 'p' }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await expect(store.write((tx) => tx.putDoc('Gadget', { title: 'no name' }))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    await store.close()
    await expect(store.read((tx) => tx.getRecord('meta', 'version'))).rejects.toMatchObject({ code: 'STORE_CLOSED' })
    await store.open(storeTestSchema())
    expect(await store.read((tx) => tx.getRecord('meta', 'version'))).toBe(3)
  })

  it('needs an IndexedDB: none in Node unless one is passed', () => {
    expect(() => indexedDbStore({ name: 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })

  it('reindexes documents when meta indexes other fields, so indexed filters find old documents', async () => {
    const db = testDb()
    const store = await db.gadgetStore('reindex')
    await store.close()
    const before = storeTestSchema()
    const gadget = before.get('Gadget')!
    // `title` becomes a list-view field, `colour` a new standard filter: both indexed from now on
    const fields: RawField[] = [
      ...gadget.fields.map((f) => ({ ...f.raw, fieldname: f.fieldname, fieldtype: f.fieldtype, ...(f.fieldname === 'title' ? { in_list_view: 1 } : {}) })),
      { fieldname: 'colour', fieldtype: 'Data', in_standard_filter: 1 },
    ]
    const schema = new Schema([before.get('Gadget Part')!, buildDocType('Gadget', fields, { is_submittable: 1 })])
    const reopened = db.store('reindex')
    await reopened.open(schema)
    const where = (field: string, op: string, value: unknown) => reopened.read((tx) => tx.queryDocs('Gadget', { filters: [{ doctype: undefined, field, op, value } as never], orderBy: [{ field: 'name', order: 'asc' }] }))
    expect((await where('title', '=', 'hammer')).map((d) => d['name'])).toEqual(['G-1'])
    expect((await where('colour', 'is', 'not set')).map((d) => d['name'])).toEqual(gadgets().map((g) => g['name']))
    expect(await reopened.read((tx) => tx.countDocs('Gadget', { filters: [{ doctype: undefined, field: 'title', op: '<', value: 'i' }] }))).toBe(4)
  })
})
