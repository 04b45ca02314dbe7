import { afterEach, describe, expect, it, vi } from 'vitest'
import { Dexie } from 'dexie'
import { IDBKeyRange } from 'fake-indexeddb'
import { parseFilters, Schema, type Doc } from '@outpost/meta'
import { buildDocType, type RawField } from '@outpost/meta/testing'
import { gadgets, storeTestSchema } from '@outpost/core/testing'
import { isStoreLocked, STORAGE_ENCRYPTION, STORE_FORMAT_VERSION } from './index.ts'
import { testDb, type TestDb } from './test-stores.ts'

const KEY = { passphrase: 'correct horse battery staple', iterations: 1_000 }
const raw = (db: TestDb, name: string): Dexie => new Dexie(name, { indexedDB: db.indexedDB as never, IDBKeyRange })

/** Every row of the database as text, bytes as Latin-1 characters, lower-cased: what a disk holds. */
async function rawText(db: TestDb, name: string): Promise<string> {
  const d = raw(db, name)
  await d.open()
  const rows = await Promise.all(d.tables.map((t) => t.toArray()))
  d.close()
  const bytes = (_key: string, v: unknown) => (v instanceof Uint8Array ? String.fromCharCode(...v) : v)
  return JSON.stringify(rows, bytes).toLowerCase()
}

async function layoutRow(db: TestDb, name: string, id: string): Promise<Record<string, unknown> | undefined> {
  const d = raw(db, name)
  await d.open()
  const row = await d.table('layout').get(id) as Record<string, unknown> | undefined
  d.close()
  return row
}

/** Put `rows` back into `table` as they are, as a program with the disk could. */
async function tamper(db: TestDb, name: string, table: string, change: (rows: Record<string, unknown>[]) => Record<string, unknown>[]): Promise<void> {
  const d = raw(db, name)
  await d.open()
  await d.table(table).bulkPut(change(await d.table(table).toArray() as Record<string, unknown>[]))
  d.close()
}

afterEach(() => {
  vi.restoreAllMocks()
})

const gadget = (i: number): Doc => ({
  doctype: 'Gadget', name: `G-${String(i).padStart(5, '0')}`, modified: `2026-01-01 00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000000`,
  docstatus: 0, idx: 0, title: `Gadget ${i}`, maker: `M-${i % 10}`, parts: [{ name: `p${i}`, idx: 1, part: 'x', qty: 1 }],
})

const SECRETS = ['hammer drill', 'handle', 'kite_50%', 'a secret note']

async function encryptedStore(db: TestDb, name: string) {
  const store = await db.gadgetStore(name, { encryption: KEY })
  await store.write((tx) => tx.putRecord('outbox', '0001', { doctype: 'Gadget', name: 'G-1', note: 'A secret note' }))
  return store
}

describe('IndexedDB store: encryption at rest', () => {
  it('keeps no document body or record value in plain text, and reads them back', async () => {
    const db = testDb()
    const store = await encryptedStore(db, 'sealed')
    expect(store.encrypted).toBe(true)
    expect(await store.read((tx) => tx.getDoc('Gadget', 'g-1'))).toEqual(gadgets()[0])
    expect(await store.read((tx) => tx.getRecord('outbox', '0001'))).toEqual({ doctype: 'Gadget', name: 'G-1', note: 'A secret note' })
    await store.close()
    const text = await rawText(db, 'sealed')
    for (const secret of SECRETS) expect(text).not.toContain(secret)
    // keys and index entries stay readable: the indexes answer queries without the key
    expect(text).toContain('g-1')
    expect(await layoutRow(db, 'sealed', 'format')).toMatchObject({ version: STORE_FORMAT_VERSION })
    expect(await layoutRow(db, 'sealed', 'encryption')).toMatchObject({ kdf: 'PBKDF2-SHA-256', cipher: 'AES-GCM-256', iterations: 1_000 })

    // the same search finds every secret in a plain store: it would see them
    const plain = await db.gadgetStore('plain')
    expect(plain.encrypted).toBe(false)
    await plain.write((tx) => tx.putRecord('outbox', '0001', { note: 'A secret note' }))
    await plain.close()
    const plainText = await rawText(db, 'plain')
    for (const secret of SECRETS) expect(plainText).toContain(secret)
    expect(await layoutRow(db, 'plain', 'format')).toMatchObject({ version: STORE_FORMAT_VERSION - 1 })
  })

  it('refuses a wrong or missing passphrase with STORE_LOCKED, changing nothing, and opens with the right one', async () => {
    const db = testDb()
    await (await encryptedStore(db, 'locked')).close()
    const before = await layoutRow(db, 'locked', 'encryption')

    const wrong = db.store('locked', { encryption: { ...KEY, passphrase: 'wrong' } })
    const error = await wrong.open(storeTestSchema()).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'STORE_LOCKED', message: expect.stringMatching(/locked is encrypted and this passphrase does not unlock it/) })
    expect(isStoreLocked(error)).toBe(true)
    await expect(wrong.read((tx) => tx.getRecord('outbox', '0001'))).rejects.toMatchObject({ code: 'STORE_LOCKED' })

    const none = db.store('locked')
    await expect(none.read((tx) => tx.countRecords('outbox'))).rejects.toMatchObject({ code: 'STORE_LOCKED', message: expect.stringMatching(/is encrypted: give the passphrase/) })
    await expect(none.open(storeTestSchema())).rejects.toMatchObject({ code: 'STORE_LOCKED' })
    await expect(none.write((tx) => tx.putRecord('state', 'x', 1))).rejects.toMatchObject({ code: 'STORE_LOCKED' })

    expect(await layoutRow(db, 'locked', 'encryption')).toEqual(before)
    const right = db.store('locked', { encryption: KEY })
    await right.open(storeTestSchema())
    expect(await right.read((tx) => tx.queryDocs('Gadget', { orderBy: [{ field: 'name', order: 'asc' }] }))).toEqual(gadgets())
    expect(await right.read((tx) => tx.listRecords('outbox'))).toHaveLength(1)
    expect(await right.read((tx) => tx.getRecord('state', 'x'))).toBeUndefined()
    await right.close()

    // a forgotten passphrase: the database can still be deleted (logout), and synced again
    await db.store('locked').destroy()
    const fresh = db.store('locked', { encryption: { ...KEY, passphrase: 'new' } })
    await fresh.open(storeTestSchema())
    expect(await fresh.read((tx) => tx.countDocs('Gadget'))).toBe(0)
  })

  it('refuses to open a plain database with a passphrase, leaving it plain and readable', async () => {
    const db = testDb()
    await (await db.gadgetStore('was-plain')).close()
    const locked = db.store('was-plain', { encryption: KEY })
    await expect(locked.open(storeTestSchema())).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/holds unencrypted data, so it cannot be opened with a passphrase/) })
    await expect(locked.write((tx) => tx.putRecord('state', 'x', 1))).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(await layoutRow(db, 'was-plain', 'encryption')).toBeUndefined()
    const plain = db.store('was-plain')
    await plain.open(storeTestSchema())
    expect(await plain.read((tx) => tx.countDocs('Gadget'))).toBe(gadgets().length)
    expect(await plain.read((tx) => tx.getRecord('state', 'x'))).toBeUndefined()
    // after destroy the same name starts over encrypted
    await plain.destroy()
    const fresh = await encryptedStore(db, 'was-plain')
    await fresh.close()
    expect(await rawText(db, 'was-plain')).not.toContain('hammer drill')
  })

  it('fails a ciphertext moved to another row, or altered, as STORE_CORRUPT rather than reading it', async () => {
    const db = testDb()
    const store = await encryptedStore(db, 'swapped')
    await store.write((tx) => tx.putRecord('outbox', '0002', { doctype: 'Gadget', name: 'G-2' }))
    await tamper(db, 'swapped', 'docs', (rows) => {
      const [a, b] = [rows.find((r) => r['key'] === 'g-1')!, rows.find((r) => r['key'] === 'g-2')!]
      return [{ ...a, sealed: b['sealed'] }, { ...b, sealed: a['sealed'] }]
    })
    await tamper(db, 'swapped', 'records', (rows) => [{ ...rows[0]!, sealed: rows[1]!['sealed'] }])
    const corrupt = { code: 'STORE_CORRUPT', message: expect.stringMatching(/does not decrypt with its key: it was damaged, or moved from another row/) }
    await expect(store.read((tx) => tx.getDoc('Gadget', 'G-1'))).rejects.toMatchObject(corrupt)
    await expect(store.read((tx) => tx.getDoc('Gadget', 'G-2'))).rejects.toMatchObject(corrupt)
    await expect(store.read((tx) => tx.queryDocs('Gadget'))).rejects.toMatchObject(corrupt)
    await expect(store.read((tx) => tx.getRecord('outbox', '0001'))).rejects.toMatchObject(corrupt)
    await expect(store.read((tx) => tx.listRecords('outbox'))).rejects.toMatchObject(corrupt)
    // the rows still in place read as before
    expect((await store.read((tx) => tx.getDoc('Gadget', 'G-3')))?.['title']).toBe('Yo-yo')
    expect(await store.read((tx) => tx.getRecord('outbox', '0002'))).toEqual({ doctype: 'Gadget', name: 'G-2' })

    await tamper(db, 'swapped', 'docs', (rows) => {
      const row = rows.find((r) => r['key'] === 'g-3')!
      const sealed = Uint8Array.from(row['sealed'] as Uint8Array)
      sealed[sealed.length - 1]! ^= 1
      return [{ ...row, sealed }, { doctype: 'Gadget', key: 'g-4', doc: { ...gadgets()[3], title: 'planted' }, ix: row['ix'] }]
    })
    await expect(store.read((tx) => tx.getDoc('Gadget', 'G-3'))).rejects.toMatchObject(corrupt)
    // a plain row planted in an encrypted database is not taken for a document
    await expect(store.read((tx) => tx.getDoc('Gadget', 'G-4'))).rejects.toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringMatching(/cannot read \(Gadget g-4\)/) })
  })

  it('decrypts only what a desk list needs: the candidates of its filters, or the first page of its sort', async () => {
    const store = testDb().store('desk-list', { encryption: KEY })
    await store.open(storeTestSchema())
    await store.write(async (tx) => { for (let i = 0; i < 1000; i++) await tx.putDoc('Gadget', gadget(i)) })
    const decrypt = vi.spyOn(globalThis.crypto.subtle, 'decrypt')
    const sorted = await store.read((tx) => tx.queryDocs('Gadget', { orderBy: [{ field: 'modified', order: 'desc' }], limit: 20 }))
    expect(sorted.map((d) => d['name']).slice(0, 2)).toEqual(['G-00999', 'G-00998'])
    expect(decrypt.mock.calls.length).toBeLessThanOrEqual(50)
    decrypt.mockClear()
    const filters = parseFilters({ maker: 'm-7' })
    const page = await store.read((tx) => tx.queryDocs('Gadget', { filters, orderBy: [{ field: 'modified', order: 'desc' }], limit: 20 }))
    expect(page).toHaveLength(20)
    expect(page.every((d) => d['maker'] === 'M-7')).toBe(true)
    expect(await store.read((tx) => tx.countDocs('Gadget', { filters }))).toBe(100)
    // of the 100 candidates, the 20 of the page and the next (does it tie?): the maker's entries
    // carry modified (the DocType's sort field) in order; nothing for the count
    expect(decrypt.mock.calls.length).toBe(21)
  })

  it('reindexes an encrypted database when meta indexes other fields', async () => {
    const db = testDb()
    await (await encryptedStore(db, 'reindex')).close()
    const before = storeTestSchema()
    const fields: RawField[] = before.get('Gadget')!.fields.map((f) => ({ ...f.raw, fieldname: f.fieldname, fieldtype: f.fieldtype, ...(f.fieldname === 'title' ? { in_list_view: 1 } : {}) }))
    const schema = new Schema([before.get('Gadget Part')!, buildDocType('Gadget', fields, { is_submittable: 1 })])
    const store = db.store('reindex', { encryption: KEY })
    await store.open(schema)
    const page = await store.read((tx) => tx.queryDocs('Gadget', { filters: [{ doctype: undefined, field: 'title', op: '<', value: 'i' }], orderBy: [{ field: 'title', order: 'desc' }], limit: 2 }))
    expect(page.map((d) => d['name'])).toEqual(['G-2', 'G-1'])
    expect(await store.read((tx) => tx.countDocs('Gadget', { filters: [{ doctype: undefined, field: 'title', op: '=', value: 'hammer' }] }))).toBe(1)
  })

  it('lets two tabs create one encrypted database at once: the first stamp decides the key', async () => {
    const db = testDb()
    const [a, b] = [db.store('two-tabs', { encryption: KEY }), db.store('two-tabs', { encryption: KEY })]
    await Promise.all([a.open(storeTestSchema()), b.open(storeTestSchema())])
    await a.write((tx) => tx.putDoc('Gadget', gadgets()[0]!))
    expect(await b.read((tx) => tx.getDoc('Gadget', 'G-1'))).toEqual(gadgets()[0])
    const other = db.store('two-tabs', { encryption: { ...KEY, passphrase: 'another' } })
    await expect(other.open(storeTestSchema())).rejects.toMatchObject({ code: 'STORE_LOCKED' })
  })

  it('derives with 600,000 PBKDF2 iterations by default, and an existing database keeps its own count', async () => {
    const db = testDb()
    const store = db.store('default-cost', { encryption: { passphrase: 'pass' } })
    await store.write((tx) => tx.putRecord('state', 'x', 1))
    await store.close()
    expect(await layoutRow(db, 'default-cost', 'encryption')).toMatchObject({ iterations: 600_000 })
    const again = db.store('default-cost', { encryption: { passphrase: 'pass', iterations: 1_000 } })
    expect(await again.read((tx) => tx.getRecord('state', 'x'))).toBe(1)
    expect(await layoutRow(db, 'default-cost', 'encryption')).toMatchObject({ iterations: 600_000 })
  })

  it('refuses an empty passphrase or a cheap iteration count when the store is made', () => {
    const db = testDb()
    expect(() => db.store('x', { encryption: { passphrase: '' } })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => db.store('x', { encryption: { passphrase: 'p', iterations: 10 } })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/at least 1000/) }))
  })

  it('says what stays readable on disk', () => {
    expect(STORAGE_ENCRYPTION.plaintext.join(' ')).toMatch(/document names.*indexed fields/s)
    expect(STORAGE_ENCRYPTION.encrypted[0]).toMatch(/document bodies/)
  })
})
