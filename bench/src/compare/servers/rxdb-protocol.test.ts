import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { RxdbEndpoint } from './rxdb-protocol.ts'
import { PeerStore, peerDoc } from './sqlite-peer-store.ts'

const invoice = (name: string, qty = 1): Doc => peerDoc('rxdb', 'Sales Invoice', { name, customer: 'C', items: [{ qty }], _user_tags: 'x' })

describe('RxdbEndpoint', () => {
  let store: PeerStore
  let rx: RxdbEndpoint
  beforeEach(() => {
    store = new PeerStore(':memory:', 'rxdb')
    for (const n of ['A', 'B', 'C']) store.put('Sales Invoice', invoice(n))
    store.put('Currency', peerDoc('rxdb', 'Currency', { name: 'INR' }))
    rx = new RxdbEndpoint(store)
  })
  afterEach(() => store.close())

  it('pages a collection by checkpoint, masters apart, without Frappe _ fields', () => {
    const first = rx.pull({ collection: 'sales_invoice', checkpoint: null, limit: 2 })
    expect(first.documents.map((d) => d['id'])).toEqual(['Sales Invoice::A', 'Sales Invoice::B'])
    expect(first.documents[0]).not.toHaveProperty('_user_tags')
    expect(first.documents[0]!['_deleted']).toBe(false)
    const second = rx.pull({ collection: 'sales_invoice', checkpoint: first.checkpoint, limit: 2 })
    expect(second.documents.map((d) => d['id'])).toEqual(['Sales Invoice::C'])
    expect(rx.pull({ collection: 'sales_invoice', checkpoint: second.checkpoint, limit: 2 })).toEqual({ documents: [], checkpoint: second.checkpoint })
    expect(rx.pull({ collection: 'masters', checkpoint: null, limit: 10 }).documents.map((d) => d['id'])).toEqual(['Currency::INR'])
  })

  it('writes new documents and answers a refused one as a deleted master state', () => {
    const conflicts = rx.push({ collection: 'sales_invoice', rows: [{ newDocumentState: invoice('N1') }, { newDocumentState: invoice('N2', 0) }] })
    expect(conflicts).toEqual([{ ...invoice('N2', 0), _deleted: true }])
    expect(store.get('Sales Invoice::N1')?.deleted).toBe(0)
    expect(store.get('Sales Invoice::N2')).toBeUndefined()
    expect(store.db.prepare('SELECT reason FROM refused').pluck().all()).toEqual(['Row #1: Quantity must be greater than zero'])
  })

  it('answers the server state when the client did not know it', () => {
    const conflicts = rx.push({ collection: 'sales_invoice', rows: [{ newDocumentState: { ...invoice('A'), customer: 'D' } }] })
    expect(conflicts).toHaveLength(1)
    expect(conflicts[0]).toMatchObject({ id: 'Sales Invoice::A', customer: 'C', _deleted: false })
  })

  it('sends server-side changes and deletions after the last checkpoint', () => {
    const all = rx.pull({ collection: 'sales_invoice', checkpoint: null, limit: 10 })
    store.change(['A'], ['B'])
    const next = rx.pull({ collection: 'sales_invoice', checkpoint: all.checkpoint, limit: 10 })
    expect(next.documents.map((d) => [d['id'], d['_deleted']])).toEqual([['Sales Invoice::A', false], ['Sales Invoice::B', true]])
  })
})
