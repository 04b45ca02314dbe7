import { describe, expect, it } from 'vitest'
import type { PermType } from '@outpost/meta'
import { buildDocType } from '@outpost/meta/testing'
import { fakeUser } from '../testing/fake-user.ts'
import { rolePermissions } from './role-permissions.ts'

const ALL = { read: 1, write: 1, create: 1, delete: 1, submit: 1, cancel: 1, amend: 1, select: 1, report: 1 }

const note = buildDocType('Note', [{ fieldname: 'title', fieldtype: 'Data' }], {
  permissions: [
    { role: 'Blogger', read: 1, write: 1, create: 1, submit: 1, cancel: 1, amend: 1 },
    { role: 'Guest Writer', if_owner: 1, read: 1, write: 1, create: 1 },
    { role: 'Auditor', permlevel: 1, ...ALL },
    { role: 'Picker', select: 1 },
    { role: 'Mixed', read: 1 },
    { role: 'Mixed', if_owner: 1, read: 1, write: 1, delete: 1 },
  ],
})
const order = buildDocType('Order', [{ fieldname: 'total', fieldtype: 'Currency' }], {
  is_submittable: 1,
  permissions: [
    { role: 'Sales User', read: 1, write: 1, create: 1, submit: 1 },
    { role: 'Sales Manager', read: 1, cancel: 1, amend: 1, delete: 1 },
    { role: 'Own Seller', if_owner: 1, read: 1, submit: 1 },
  ],
})

const sorted = (s: ReadonlySet<PermType>): PermType[] => [...s].sort()

describe('rolePermissions', () => {
  it('gives nothing to a user without a matching role', () => {
    const p = rolePermissions(note, fakeUser('x@example.com', ['Stranger']))
    expect(sorted(p.granted)).toEqual([])
    expect(sorted(p.ownerOnly)).toEqual([])
  })

  it('drops submit, cancel and amend on a doctype that is not submittable', () => {
    const p = rolePermissions(note, fakeUser('x@example.com', ['Blogger']))
    expect(sorted(p.granted)).toEqual(['create', 'read', 'write'])
  })

  it('keeps submit, cancel and amend on a submittable doctype and ORs over roles', () => {
    expect(sorted(rolePermissions(order, fakeUser('x@example.com', ['Sales User'])).granted)).toEqual(['create', 'read', 'submit', 'write'])
    expect(sorted(rolePermissions(order, fakeUser('x@example.com', ['Sales User', 'Sales Manager'])).granted))
      .toEqual(['amend', 'cancel', 'create', 'delete', 'read', 'submit', 'write'])
  })

  it('ignores rows with permlevel > 0: they gate fields, not documents', () => {
    const p = rolePermissions(note, fakeUser('x@example.com', ['Auditor']))
    expect(sorted(p.granted)).toEqual([])
  })

  it('marks rights held only through if_owner rows as owner-only', () => {
    const p = rolePermissions(note, fakeUser('x@example.com', ['Guest Writer']))
    expect(sorted(p.granted)).toEqual(['create', 'read', 'write'])
    expect(sorted(p.ownerOnly)).toEqual(['create', 'read', 'write'])
  })

  it('a full row of another role (or the same role) lifts the owner restriction for its rights only', () => {
    const mixed = rolePermissions(note, fakeUser('x@example.com', ['Mixed']))
    expect(sorted(mixed.granted)).toEqual(['delete', 'read', 'write'])
    expect(sorted(mixed.ownerOnly)).toEqual(['delete', 'write'])
    const both = rolePermissions(note, fakeUser('x@example.com', ['Guest Writer', 'Blogger']))
    expect(sorted(both.ownerOnly)).toEqual([])
  })

  it('an owner-only submit survives on a submittable doctype', () => {
    const p = rolePermissions(order, fakeUser('x@example.com', ['Own Seller']))
    expect(sorted(p.granted)).toEqual(['read', 'submit'])
    expect(sorted(p.ownerOnly)).toEqual(['read', 'submit'])
  })

  it('select alone is its own right', () => {
    expect(sorted(rolePermissions(note, fakeUser('x@example.com', ['Picker'])).granted)).toEqual(['select'])
  })

  it('Administrator gets every right without any role row, still minus submit on non-submittables', () => {
    const admin = fakeUser('Administrator', [])
    expect(sorted(rolePermissions(note, admin).granted)).toEqual(['create', 'delete', 'read', 'report', 'select', 'write'])
    expect(sorted(rolePermissions(order, admin).granted)).toEqual(['amend', 'cancel', 'create', 'delete', 'read', 'report', 'select', 'submit', 'write'])
    expect(sorted(rolePermissions(order, admin).ownerOnly)).toEqual([])
  })

  it('the All role applies to every signed-in user', () => {
    const open = buildDocType('Open Note', [], { permissions: [{ role: 'All', read: 1 }] })
    expect(sorted(rolePermissions(open, fakeUser('x@example.com', [])).granted)).toEqual(['read'])
  })
})
