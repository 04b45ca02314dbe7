import { describe, expect, it } from 'vitest'
import type { Doc } from '@outpost/meta'
import { buildDocType } from '@outpost/meta/testing'
import type { DocEvent } from './doc-events.ts'
import { frappeEmissions } from './frappe-events.ts'

const customer = buildDocType('Customer', [{ fieldname: 'customer_name', fieldtype: 'Data' }])
const row = buildDocType('Sales Invoice Item', [{ fieldname: 'qty', fieldtype: 'Float' }], { istable: 1 })
const single = buildDocType('System Settings', [{ fieldname: 'country', fieldtype: 'Data' }], { issingle: 1 })
const readOnly = buildDocType('Activity Log', [{ fieldname: 'subject', fieldtype: 'Data' }], { read_only: 1 })

function event(kind: DocEvent['kind'], doctype = customer, extra: Partial<DocEvent> = {}): DocEvent {
  const doc: Doc = { name: 'CUST-0001', modified: '2026-01-02 03:04:05.000006', customer_name: 'Acme' }
  return { kind, doctype, name: 'CUST-0001', modified: String(doc['modified']), user: 'sales@example.com', before: undefined, after: doc, ...extra }
}

const shape = (events: readonly DocEvent[]): unknown[] => frappeEmissions(events).map(({ event: e, room, message }) => ({ e, room, message }))

describe('frappeEmissions: what Frappe v15 emits for a committed change', () => {
  it('notify_update: doc_update to the document room, list_update to the DocType room', () => {
    for (const kind of ['insert', 'update', 'submit', 'cancel', 'delete'] as const) {
      expect(shape([event(kind)])).toEqual([
        { e: 'doc_update', room: 'doc:Customer/CUST-0001', message: { modified: '2026-01-02 03:04:05.000006', doctype: 'Customer', name: 'CUST-0001' } },
        { e: 'list_update', room: 'doctype:Customer', message: { doctype: 'Customer', name: 'CUST-0001', user: 'sales@example.com' } },
      ])
    }
  })

  it('sends no list_update for child tables, Singles and read-only DocTypes', () => {
    for (const doctype of [row, single, readOnly]) {
      expect(shape([event('update', doctype)]).map((x) => (x as { e: string }).e)).toEqual(['doc_update'])
    }
  })

  it('a rename: doc_rename to the old name\'s room, and a list_update for the new name', () => {
    const before: Doc = { name: 'Old Name', modified: 'm1' }
    const renamed = event('rename', customer, { name: 'New Name', oldName: 'Old Name', before, after: { ...before, name: 'New Name' } })
    expect(shape([renamed])).toEqual([
      { e: 'doc_rename', room: 'doc:Customer/Old Name', message: { doctype: 'Customer', old: 'Old Name', new: 'New Name' } },
      { e: 'list_update', room: 'doctype:Customer', message: { doctype: 'Customer', name: 'New Name', user: 'sales@example.com' } },
    ])
  })

  it('sends an emit repeated in one transaction once, standing for every state it was sent for', () => {
    const first = event('insert')
    const second = event('submit', customer, { modified: '2026-01-02 03:04:05.000007', before: first.after, after: { ...first.after, docstatus: 1 } })
    const emissions = frappeEmissions([first, second])
    expect(emissions.map((e) => e.event)).toEqual(['doc_update', 'list_update', 'doc_update'])
    expect(emissions[1]?.docs).toEqual([first.after, first.after, second.after])
  })

  it('keeps the states a delete and an update stand for, for the permission check', () => {
    const before: Doc = { name: 'CUST-0001', territory: 'North' }
    const after: Doc = { name: 'CUST-0001', territory: 'South' }
    expect(frappeEmissions([event('update', customer, { before, after })])[1]?.docs).toEqual([before, after])
    expect(frappeEmissions([event('delete', customer, { before, after: undefined })])[1]?.docs).toEqual([before])
  })
})
