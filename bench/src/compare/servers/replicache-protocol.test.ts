import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { ReplicacheEndpoint } from './replicache-protocol.ts'
import { PeerStore } from './sqlite-peer-store.ts'

type Pull = { cookie: { order: number; cvrID: string }; lastMutationIDChanges: Record<string, number>; patch: { op: string; key: string; value?: Doc }[] }

const invoice = (name: string, qty = 1): Doc => ({ doctype: 'Sales Invoice', name, customer: 'C', items: [{ qty }] })

describe('ReplicacheEndpoint (row-version strategy)', () => {
  let store: PeerStore
  let rc: ReplicacheEndpoint
  const pull = (cookie: Pull['cookie'] | null): Pull => JSON.parse(rc.pull({ clientGroupID: 'g', cookie }).join('')) as Pull
  const push = (id: number, doc: Doc, clientID = 'c1'): void => {
    rc.push({ clientGroupID: 'g', mutations: [{ clientID, id, name: 'putDoc', args: { key: `Sales Invoice/${String(doc['name'])}`, value: doc } }] })
  }

  beforeEach(() => {
    store = new PeerStore(':memory:', 'replicache')
    store.put('Sales Invoice', invoice('A'))
    store.put('Sales Invoice', invoice('B'))
    rc = new ReplicacheEndpoint(store)
  })
  afterEach(() => store.close())

  it('answers every row on a first pull, and nothing more on the next', () => {
    const first = pull(null)
    expect(first.patch.map((p) => [p.op, p.key])).toEqual([['put', 'Sales Invoice/A'], ['put', 'Sales Invoice/B']])
    expect(first.patch[0]!.value).toMatchObject({ name: 'A', customer: 'C' })
    const second = pull(first.cookie)
    expect(second).toEqual({ cookie: first.cookie, lastMutationIDChanges: {}, patch: [] })
  })

  it('writes pushed documents, counts refused mutations as processed and logs why', () => {
    const base = pull(null)
    push(1, invoice('N1'))
    push(2, invoice('N2', -1))
    const next = pull(base.cookie)
    expect(next.lastMutationIDChanges).toEqual({ c1: 2 })
    expect(next.patch.map((p) => p.key)).toEqual(['Sales Invoice/N1'])
    expect(store.db.prepare('SELECT key, reason FROM refused').all()).toEqual([{ key: 'Sales Invoice/N2', reason: 'Row #1: Quantity must be greater than zero' }])
    expect(next.cookie.order).toBeGreaterThan(base.cookie.order)
  })

  it('skips a mutation it has already processed and refuses one out of order', () => {
    push(1, invoice('N1'))
    push(1, { ...invoice('N1'), customer: 'other' })
    expect(JSON.parse(store.get('Sales Invoice/N1')!.json)).toMatchObject({ customer: 'C' })
    expect(() => push(3, invoice('N3'))).toThrow('mutation 3 from c1 is out of order (last 1)')
  })

  it('sends changed rows as puts and deleted rows as dels after server-side changes', () => {
    const base = pull(null)
    store.change(['A'], ['B'])
    const next = pull(base.cookie)
    expect(next.patch.map((p) => [p.op, p.key])).toEqual([['del', 'Sales Invoice/B'], ['put', 'Sales Invoice/A']])
    expect(next.patch[1]!.value).toMatchObject({ remarks: 'changed on the server (S4)' })
  })

  it('answers a whole pull to a cookie it no longer knows', () => {
    expect(pull({ order: 5, cvrID: 'gone' }).patch).toHaveLength(2)
  })
})
