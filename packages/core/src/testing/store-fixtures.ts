import { Schema, type Doc } from '@outpost/meta'
import { buildDocType } from '@outpost/meta/testing'

/** A small schema with every storage kind, a child table and a tree, for store tests. */
export function storeTestSchema(extraField = false): Schema {
  const row = buildDocType('Gadget Part', [
    { fieldname: 'part', fieldtype: 'Data' },
    { fieldname: 'qty', fieldtype: 'Float' },
  ], { istable: 1 })
  const gadget = buildDocType('Gadget', [
    { fieldname: 'title', fieldtype: 'Data' },
    { fieldname: 'maker', fieldtype: 'Link', options: 'Gadget', search_index: 1 },
    { fieldname: 'kind', fieldtype: 'Select', options: 'Tool\nToy', in_standard_filter: 1 },
    { fieldname: 'price', fieldtype: 'Currency' },
    { fieldname: 'count', fieldtype: 'Int' },
    { fieldname: 'active', fieldtype: 'Check', in_standard_filter: 1 },
    { fieldname: 'made_on', fieldtype: 'Date' },
    { fieldname: 'seen_at', fieldtype: 'Datetime' },
    { fieldname: 'spec', fieldtype: 'JSON' },
    { fieldname: 'parts', fieldtype: 'Table', options: 'Gadget Part' },
    ...(extraField ? [{ fieldname: 'colour', fieldtype: 'Data' }] : []),
  ], { is_submittable: 1 })
  return new Schema([row, gadget])
}

const stamp = (n: number): string => `2026-01-${String(n).padStart(2, '0')} 10:00:00.000000`

/** Six gadgets covering NULLs, case, numbers, dates, JSON and child rows. */
export function gadgets(): Doc[] {
  const base = (n: number, extra: Doc): Doc => ({ doctype: 'Gadget', name: `G-${n}`, owner: 'a@example.com', creation: stamp(n), modified: stamp(n), modified_by: 'a@example.com', docstatus: 0, idx: n, ...extra })
  return [
    base(1, { title: 'Hammer', kind: 'Tool', price: 10.5, count: 3, active: 1, made_on: '2026-01-05', seen_at: '2026-01-05 08:00:00.000000', spec: { weight: 2 }, parts: [{ name: 'p1', idx: 1, part: 'Head', qty: 1 }, { name: 'p2', idx: 2, part: 'Handle', qty: 1 }] }),
    base(2, { title: 'hammer drill', kind: 'Tool', price: 99, count: 0, active: 0, made_on: '2026-02-01', maker: 'G-1', parts: [] }),
    base(3, { title: 'Yo-yo', kind: 'Toy', price: 2, count: 10, active: 1, made_on: null, spec: null, parts: [{ name: 'p3', idx: 1, part: 'String', qty: 2 }] }),
    base(4, { title: null, kind: null, price: 0, count: 0, active: 0, made_on: '2025-12-31', parts: [] }),
    base(5, { title: 'Kite_50%', kind: 'Toy', price: 15, count: 1, active: 1, made_on: '2026-01-20', maker: 'g-3', parts: [] }),
    base(6, { title: 'Drill', kind: 'Tool', price: 45, count: 2, active: 1, made_on: '2026-01-05', maker: 'G-1', parts: [{ name: 'p4', idx: 1, part: 'Bit', qty: 12 }] }),
  ]
}
