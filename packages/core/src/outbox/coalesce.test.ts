import { describe, expect, it } from 'vitest'
import { mutationId, outpostId } from '../ids.ts'
import type { MutationKind } from '../ports/remote.ts'
import { coalesce } from './coalesce.ts'
import type { Mutation } from './mutation.ts'

let seq = 0
function m(kind: MutationKind, doc?: Record<string, unknown>, extra: Partial<Mutation> = {}): Mutation {
  seq++
  return {
    id: mutationId(`m${seq}`), seq, kind, doctype: 'Customer', name: 'new-customer-x', outpostId: outpostId('o1'),
    baseModified: kind === 'insert' ? undefined : `base-${seq}`, doc, inflight: false, rejected: false, attempts: 0, notBefore: 0, createdAt: 0, ...extra,
  }
}

describe('coalesce', () => {
  it('folds an update into a waiting insert', () => {
    const insert = m('insert', { customer_name: 'A', territory: 'North' })
    const r = coalesce([insert], m('update', { customer_name: 'B' }))
    expect(r.append).toBeUndefined()
    expect(r.replace).toEqual([{ ...insert, doc: { customer_name: 'B', territory: 'North' } }])
  })

  it('merges updates and keeps the first base', () => {
    const first = m('update', { a: 1 })
    const r = coalesce([first], m('update', { b: 2 }))
    expect(r.replace[0]?.doc).toEqual({ a: 1, b: 2 })
    expect(r.replace[0]?.baseModified).toBe(first.baseModified)
  })

  it('sends nothing when a document created offline is deleted', () => {
    const queued = [m('insert', { a: 1 }), m('submit')]
    const r = coalesce(queued, m('delete'))
    expect(r).toEqual({ remove: queued, replace: [], append: undefined })
  })

  it('sends nothing when a refused insert is deleted', () => {
    const queued = [m('insert', { a: 1 }, { rejected: true })]
    expect(coalesce(queued, m('delete')).append).toBeUndefined()
  })

  it('keeps the delete when the insert is in flight: the server may have it', () => {
    const queued = [m('insert', { a: 1 }, { inflight: true })]
    const r = coalesce(queued, m('delete'))
    expect(r.remove).toEqual([])
    expect(r.append?.kind).toBe('delete')
  })

  it('drops waiting updates before a delete and keeps their base', () => {
    const u1 = m('update', { a: 1 })
    const u2 = m('update', { a: 2 })
    const r = coalesce([u1, u2], m('delete'))
    expect(r.remove).toEqual([u1, u2])
    expect(r.append?.baseModified).toBe(u1.baseModified)
  })

  it('never changes a mutation in flight', () => {
    const inflight = m('update', { a: 1 }, { inflight: true })
    expect(coalesce([inflight], m('update', { b: 2 })).append?.doc).toEqual({ b: 2 })
  })

  it('folds a fix into a refused insert, which stays refused until retried', () => {
    const refused = m('insert', { qty: 0 }, { rejected: true })
    const r = coalesce([refused], m('update', { qty: 2 }))
    expect(r.replace).toEqual([{ ...refused, doc: { qty: 2 } }])
  })

  it('appends submit and cancel as they are', () => {
    const insert = m('insert', { a: 1 })
    expect(coalesce([insert], m('submit')).append?.kind).toBe('submit')
  })
})
