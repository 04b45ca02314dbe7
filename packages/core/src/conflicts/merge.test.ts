import { describe, expect, it } from 'vitest'
import { loadDocType, Schema, type Doc } from '@outpost/meta'
import { SALES_META } from '../testing/sales-meta.ts'
import { threeWayMerge } from './merge.ts'
import { resolveConflict } from './policy.ts'

const schema = new Schema(Object.values(SALES_META).flat().map(loadDocType))
const invoice = schema.require('Sales Invoice')
const row = (name: string, qty: number, rate = 10): Doc => ({ name, item: `item-${name}`, qty, rate })
const doc = (extra: Doc): Doc => ({ name: 'SINV-1', docstatus: 0, modified: 'm0', customer: 'C-1', remarks: '', items: [row('r1', 1), row('r2', 2)], ...extra })

describe('threeWayMerge', () => {
  it('combines disjoint field changes', () => {
    const m = threeWayMerge(schema, invoice, doc({}), doc({ remarks: 'local' }), doc({ customer: 'C-2', modified: 'm1' }))
    expect(m.merged).toMatchObject({ remarks: 'local', customer: 'C-2', modified: 'm1' })
    expect(m.conflicts).toEqual([])
    expect(m.changedFromServer).toBe(true)
  })

  it('lets the server win an overlapping field and reports the local value', () => {
    const m = threeWayMerge(schema, invoice, doc({}), doc({ remarks: 'local' }), doc({ remarks: 'server' }))
    expect(m.merged['remarks']).toBe('server')
    expect(m.conflicts).toEqual([{ field: 'remarks', table: undefined, row: undefined, base: '', local: 'local', server: 'server' }])
    expect(m.changedFromServer).toBe(false)
  })

  it('merges child rows by name: each side adds, edits and deletes', () => {
    const base = doc({})
    const local = doc({ items: [row('r1', 5), row('r2', 2), row('local-new', 1)] })
    const server = doc({ items: [row('r1', 1), row('r2', 2, 99), row('server-new', 3)] })
    const m = threeWayMerge(schema, invoice, base, local, server)
    const items = m.merged['items'] as Doc[]
    expect(items.map((r) => [r['name'], r['qty'], r['rate'], r['idx']])).toEqual([
      ['r1', 5, 10, 1], ['r2', 2, 99, 2], ['server-new', 3, 10, 3], ['local-new', 1, 10, 4],
    ])
    expect(m.conflicts).toEqual([])
  })

  it('keeps a row the server changed even if it was deleted locally', () => {
    const m = threeWayMerge(schema, invoice, doc({}), doc({ items: [row('r1', 1)] }), doc({ items: [row('r1', 1), row('r2', 7)] }))
    expect((m.merged['items'] as Doc[]).map((r) => r['name'])).toEqual(['r1', 'r2'])
  })

  it('drops a row deleted locally that the server left alone', () => {
    const m = threeWayMerge(schema, invoice, doc({}), doc({ items: [row('r1', 1)] }), doc({ customer: 'C-9' }))
    expect((m.merged['items'] as Doc[]).map((r) => r['name'])).toEqual(['r1'])
  })

  it('reports a row field both sides changed', () => {
    const m = threeWayMerge(schema, invoice, doc({}), doc({ items: [row('r1', 4), row('r2', 2)] }), doc({ items: [row('r1', 6), row('r2', 2)] }))
    expect(m.conflicts).toEqual([{ field: 'qty', table: 'items', row: 'r1', base: 1, local: 4, server: 6 }])
    expect((m.merged['items'] as Doc[])[0]!['qty']).toBe(6)
  })
})

describe('conflict policies', () => {
  const input = { schema, doctype: invoice, base: doc({}), local: doc({ remarks: 'local', customer: 'C-3' }), server: doc({ remarks: 'server', modified: 'm1' }) }

  it('merge: disjoint local changes are pushed again, overlapping ones recorded', () => {
    const d = resolveConflict('merge', input)
    expect(d.doc).toMatchObject({ customer: 'C-3', remarks: 'server' })
    expect(d.repush).toBe(true)
    expect(d.overwritten.map((c) => c.field)).toEqual(['remarks'])
  })

  it('server-wins: the server document, every local change recorded', () => {
    const d = resolveConflict('server-wins', input)
    expect(d.doc).toEqual(input.server)
    expect(d.repush).toBe(false)
    expect(d.overwritten.map((c) => c.field)).toEqual(['remarks'])
  })

  it('client-wins: the local document on the server base, pushed again', () => {
    const d = resolveConflict('client-wins', input)
    expect(d.doc).toMatchObject({ remarks: 'local', customer: 'C-3', modified: 'm1' })
    expect(d.repush).toBe(true)
  })

  it('a custom function decides', () => {
    const d = resolveConflict(({ server }) => ({ doc: { ...server, remarks: 'both' }, repush: true, overwritten: [] }), input)
    expect(d.doc['remarks']).toBe('both')
  })

  it('a submitted server document always wins, and the lost local values are recorded', () => {
    const d = resolveConflict('client-wins', { ...input, server: doc({ docstatus: 1, modified: 'm1' }) })
    expect(d.doc['docstatus']).toBe(1)
    expect(d.repush).toBe(false)
    expect(d.overwritten.map((c) => c.field).sort()).toEqual(['customer', 'remarks'])
  })
})
