import { describe, expect, it } from 'vitest'
import { dependsOn } from './depends-on.ts'

describe('dependsOn', () => {
  it('evaluates eval: expressions against doc and parent', () => {
    expect(dependsOn('eval:doc.docstatus==0', { docstatus: 0 })).toBe(true)
    expect(dependsOn('eval:doc.docstatus==0', { docstatus: 1 })).toBe(false)
    expect(dependsOn("eval:doc.party_type=='Customer' && parent.company", { party_type: 'Customer' }, { company: 'X' })).toBe(true)
    expect(dependsOn('eval:!doc.is_return', { is_return: 1 })).toBe(false)
  })

  it('a field name means that field has a value; an empty table counts as none', () => {
    expect(dependsOn('customer', { customer: 'C-1' })).toBe(true)
    expect(dependsOn('customer', { customer: '' })).toBe(false)
    expect(dependsOn('items', { items: [] })).toBe(false)
    expect(dependsOn('items', { items: [{}] })).toBe(true)
  })

  it('no expression, or one that does not parse or throws, shows the field', () => {
    expect(dependsOn(undefined, {})).toBe(true)
    expect(dependsOn('eval:doc.(', {})).toBe(true)
    expect(dependsOn('eval:doc.a.b.c', {})).toBe(true)
  })
})
