import { describe, expect, it } from 'vitest'
import { Dexie } from 'dexie'
import { gadgets, localStoreConformance, storeTestSchema } from '@outpost/core/testing'
import { indexedDbStore } from './index.ts'

const KEY = { passphrase: 'correct horse battery staple', iterations: 1_000 }

/** Every row of the database as Chromium stored it, bytes as Latin-1 characters, lower-cased. */
async function rawText(name: string): Promise<string> {
  const db = new Dexie(name)
  await db.open()
  const rows = await Promise.all(db.tables.map((t) => t.toArray()))
  db.close()
  const bytes = (_key: string, v: unknown) => (v instanceof Uint8Array ? String.fromCharCode(...v) : v)
  return JSON.stringify(rows, bytes).toLowerCase()
}

// the shared LocalStore suite on an encrypted database, Chromium's IndexedDB and WebCrypto
let n = 0
let name = ''
localStoreConformance('indexeddb (Chromium), encrypted', {
  create: async () => {
    name = `chromium-encrypted-conformance-${++n}`
    return indexedDbStore({ name, encryption: KEY })
  },
  reopen: async () => indexedDbStore({ name, encryption: KEY }),
})

describe('IndexedDB store in Chromium: encryption at rest with WebCrypto', () => {
  it('round-trips documents and records through an encrypted database whose rows hold no plain text', async () => {
    const first = indexedDbStore({ name: 'chromium-encrypted', encryption: KEY })
    expect(first.encrypted).toBe(true)
    await first.open(storeTestSchema())
    await first.write(async (tx) => {
      for (const g of gadgets()) await tx.putDoc('Gadget', g)
      await tx.putRecord('outbox', '0001', { doctype: 'Gadget', name: 'G-1', note: 'A secret note' })
    })
    await first.close()

    const text = await rawText('chromium-encrypted')
    for (const secret of ['hammer drill', 'handle', 'kite_50%', 'a secret note']) expect(text).not.toContain(secret)
    expect(text).toContain('g-1')

    await expect(indexedDbStore({ name: 'chromium-encrypted', encryption: { ...KEY, passphrase: 'wrong' } }).open(storeTestSchema()))
      .rejects.toMatchObject({ code: 'STORE_LOCKED' })
    await expect(indexedDbStore({ name: 'chromium-encrypted' }).open(storeTestSchema())).rejects.toMatchObject({ code: 'STORE_LOCKED' })

    const second = indexedDbStore({ name: 'chromium-encrypted', encryption: KEY })
    await second.open(storeTestSchema())
    expect(await second.read((tx) => tx.queryDocs('Gadget', { orderBy: [{ field: 'name', order: 'asc' }] }))).toEqual(gadgets())
    expect(await second.read((tx) => tx.getRecord('outbox', '0001'))).toEqual({ doctype: 'Gadget', name: 'G-1', note: 'A secret note' })
    const page = await second.read((tx) => tx.queryDocs('Gadget', { orderBy: [{ field: 'modified', order: 'desc' }], limit: 2 }))
    expect(page.map((d) => d['name'])).toEqual(['G-6', 'G-5'])
    await second.destroy()
  })
})
