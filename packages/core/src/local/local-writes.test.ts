import { describe, expect, it } from 'vitest'
import { createReplica } from '../create-replica.ts'
import type { LocalStore, StoreWriter } from '../ports/local-store.ts'
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
    write: (fn) => inner.write((tx) => fn({
      ...tx,
      getDoc: (doctype, name) => slow(`doc ${doctype}`, () => tx.getDoc(doctype, name)),
      getRecord: (kind, key) => slow(`record ${kind}`, () => tx.getRecord(kind, key)),
    } satisfies StoreWriter)),
  }
}

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
})
