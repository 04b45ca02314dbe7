import { describe, expect, it } from 'vitest'
import { createReplica } from '../create-replica.ts'
import type { LocalStore, RecordKind, StoreWriter } from '../ports/local-store.ts'
import { memoryStore } from '../testing/memory-store.ts'
import { MiniServer } from '../testing/mini-server.ts'
import { invoiceTotals, SALES_META, testEnvironment } from '../testing/sales-meta.ts'

/**
 * A store whose reads inside a write each take a task to answer, as an IndexedDB round trip
 * does, and which logs when each starts and ends: reads that start before any of them ended
 * went out together.
 */
function roundTripStore(log: string[]): LocalStore {
  const inner = memoryStore()
  const slow = <T>(what: string, read: () => Promise<T>): Promise<T> => {
    log.push(`start ${what}`)
    return new Promise<T>((resolve, reject) => setTimeout(() => {
      log.push(`end ${what}`)
      read().then(resolve, reject)
    }, 0))
  }
  return {
    ...inner,
    write: (fn) => inner.write((tx) => {
      // as IndexedDB's store does, a record read twice in one call is asked for once
      const records = new Map<string, Promise<unknown>>()
      const getRecord = <T>(kind: RecordKind, key: string): Promise<T | undefined> => {
        const memo = `${kind}\u0000${key}`
        if (!records.has(memo)) records.set(memo, slow(`record ${kind}`, () => tx.getRecord(kind, key)))
        return records.get(memo)!.then((v) => structuredClone(v) as T | undefined)
      }
      return fn({
        ...tx,
        getDoc: (doctype, name) => slow(`doc ${doctype}`, () => tx.getDoc(doctype, name)),
        getRecord,
        putRecord: (kind, key, value) => {
          records.delete(`${kind}\u0000${key}`)
          return tx.putRecord(kind, key, value)
        },
        deleteRecord: (kind, key) => {
          records.delete(`${kind}\u0000${key}`)
          return tx.deleteRecord(kind, key)
        },
      } satisfies StoreWriter)
    }),
  }
}

/** How many round trips the logged reads took: runs of reads started before one of them ended. */
const roundTrips = (log: readonly string[]): number => log.filter((l, i) => l.startsWith('start ') && (i === 0 || log[i - 1]!.startsWith('end '))).length

/** The reads that started before the first read of the write ended. */
const firstWave = (log: readonly string[]): string[] => log.slice(0, log.findIndex((l) => l.startsWith('end '))).map((l) => l.slice('start '.length))

async function replicaWith(log: string[]) {
  const remote = new MiniServer({ meta: SALES_META, series: { Customer: 'CUST-2026-', 'Sales Invoice': 'SINV-2026-' }, links: { 'Sales Invoice': { customer: 'Customer' } } })
  return createReplica({ store: roundTripStore(log), remote, doctypes: ['Customer', 'Sales Invoice', 'UOM'], env: testEnvironment(), hooks: { 'Sales Invoice': invoiceTotals } })
}

describe('local saves ask for the reads that do not wait on each other together', () => {
  it('an update reads the document, its queued changes and its base at once', async () => {
    const log: string[] = []
    const replica = await replicaWith(log)
    const customer = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    log.length = 0
    await replica.db.updateDoc('Customer', String(customer['name']), { notes: 'first' })
    expect(firstWave(log)).toEqual(expect.arrayContaining(['doc Customer', 'record outbox-doc', 'record base']))
    // the change folds into the queued insert, with the base kept as it was
    log.length = 0
    await replica.db.updateDoc('Customer', String(customer['name']), { notes: 'second' })
    expect(replica.status.pending).toBe(1)
    expect((await replica.db.getDoc('Customer', String(customer['name'])))['notes']).toBe('second')
  })

  it('a create checks that its name is free beside its link checks', async () => {
    const log: string[] = []
    const replica = await replicaWith(log)
    const customer = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    log.length = 0
    await replica.db.createDoc('Sales Invoice', { customer: customer['name'], posting_date: '2026-11-20', items: [{ item: 'Widget', qty: 1, rate: 10 }] })
    expect(firstWave(log)).toEqual(expect.arrayContaining(['doc Customer', 'doc Sales Invoice']))
    await expect(replica.db.createDoc('UOM', { uom_name: 'Box' })).resolves.toMatchObject({ name: 'Box' })
    await expect(replica.db.createDoc('UOM', { uom_name: 'box' })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/already exists/) })
  })

  it('a create reads in one round trip, an update and a submit of a synced document in two', async () => {
    const log: string[] = []
    const replica = await replicaWith(log)
    const customer = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    await replica.sync()
    expect(customer['name']).toMatch(/^new-customer-/)
    const name = String((await replica.db.getDocList('Customer', { fields: ['name'] }))[0]!['name'])
    log.length = 0
    const invoice = await replica.db.createDoc('Sales Invoice', { customer: name, posting_date: '2026-11-20', items: [{ item: 'Widget', qty: 1, rate: 10 }] })
    expect(roundTrips(log)).toBe(1)
    await replica.sync()
    expect(invoice['name']).toMatch(/^new-sales-invoice-/)
    const synced = String((await replica.db.getDocList('Sales Invoice', { fields: ['name'] }))[0]!['name'])
    expect(replica.status.pending).toBe(0)
    log.length = 0
    await replica.db.updateDoc('Sales Invoice', synced, { remarks: 'checked' })
    // the document, its base, its queued changes and the outbox sequence; then its link targets
    expect(roundTrips(log)).toBe(2)
    await replica.sync()
    log.length = 0
    await replica.db.submitDoc('Sales Invoice', synced)
    expect(roundTrips(log)).toBe(2)
    expect(replica.status.pending).toBe(1)
  })

  it('keeps the pending count exact without recounting, and recounts when queued changes are dropped', async () => {
    const log: string[] = []
    const replica = await replicaWith(log)
    const a = await replica.db.createDoc('Customer', { customer_name: 'A' })
    const b = await replica.db.createDoc('Customer', { customer_name: 'B' })
    expect(replica.status.pending).toBe(2)
    await replica.db.updateDoc('Customer', String(a['name']), { notes: 'folds into its insert' })
    expect(replica.status.pending).toBe(2)
    // a deleted draft the server never saw takes its queued insert with it
    await replica.db.deleteDoc('Customer', String(b['name']))
    expect(replica.status.pending).toBe(1)
    await replica.sync()
    expect(replica.status.pending).toBe(0)
    const [synced] = await replica.db.getDocList('Customer', { fields: ['name'] })
    await replica.db.updateDoc('Customer', String(synced!['name']), { notes: 'x' })
    await replica.db.updateDoc('Customer', String(synced!['name']), { notes: 'y' })
    expect(replica.status.pending).toBe(1)
  })
})
