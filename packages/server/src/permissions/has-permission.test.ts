import { describe, expect, it } from 'vitest'
import { Schema, type Doc } from '@outpost/meta'
import { frappeErrorOf } from '@outpost/meta/testing'
import { fakeUser } from '../testing/fake-user.ts'
import { widgetDocTypes } from '../testing/widget-schema.ts'
import { checkPermission, hasPermission, notPermitted, userPermissionAllows } from './has-permission.ts'

const schema = new Schema(widgetDocTypes())
const widget = schema.require('Widget')

const doc = (extra: Doc = {}): Doc => ({ name: 'W1', owner: 'ann@example.com', territory: 'India', customer: 'Acme', items: [], ...extra })

describe('userPermissionAllows', () => {
  it('allows everything when the user has no User Permissions', () => {
    expect(userPermissionAllows(schema, widget, doc(), fakeUser('ann@example.com', ['Widget User']))).toBe(true)
  })

  it('checks Link field values against the allowed list', () => {
    const user = fakeUser('ann@example.com', ['Widget User'], { Territory: ['India', 'Mumbai'] })
    expect(userPermissionAllows(schema, widget, doc({ territory: 'India' }), user)).toBe(true)
    expect(userPermissionAllows(schema, widget, doc({ territory: 'Europe' }), user)).toBe(false)
    expect(userPermissionAllows(schema, widget, doc({ territory: 'india' }), user)).toBe(false)
  })

  it('lets empty link values pass (no strict user permissions)', () => {
    const user = fakeUser('ann@example.com', ['Widget User'], { Territory: ['India'], Customer: ['Acme'] })
    for (const empty of [null, undefined, '']) expect(userPermissionAllows(schema, widget, doc({ territory: empty, customer: empty }), user)).toBe(true)
  })

  it('skips Link fields marked ignore_user_permissions', () => {
    const user = fakeUser('ann@example.com', ['Widget User'], { Territory: ['India'] })
    expect(userPermissionAllows(schema, widget, doc({ ref_territory: 'Europe' }), user)).toBe(true)
  })

  it('checks the document name when the user is restricted on its own doctype', () => {
    const user = fakeUser('ann@example.com', ['Widget User'], { Widget: ['W2'] })
    expect(userPermissionAllows(schema, widget, doc({ name: 'W2' }), user)).toBe(true)
    expect(userPermissionAllows(schema, widget, doc({ name: 'W1' }), user)).toBe(false)
    expect(userPermissionAllows(schema, widget, doc({ name: undefined }), user)).toBe(true)
  })

  it('checks Link fields of child rows, with the parent doctype as applicable_for', () => {
    const user = fakeUser('ann@example.com', ['Widget User'], { 'Territory|Widget': ['India'], 'Territory|Widget Row': ['Europe'] })
    expect(userPermissionAllows(schema, widget, doc({ items: [{ item_code: 'A', territory: 'India' }] }), user)).toBe(true)
    expect(userPermissionAllows(schema, widget, doc({ items: [{ item_code: 'A', territory: 'India' }, { item_code: 'B', territory: 'Europe' }] }), user)).toBe(false)
    expect(userPermissionAllows(schema, widget, doc({ items: [{ item_code: 'A' }] }), user)).toBe(true)
  })

  it('uses the allowed list for this doctype only (applicable_for)', () => {
    const user = fakeUser('ann@example.com', ['Widget User'], { 'Customer|Widget': ['Bolt'] })
    expect(userPermissionAllows(schema, widget, doc({ customer: 'Acme' }), user)).toBe(false)
    expect(userPermissionAllows(schema, widget, doc({ customer: 'Bolt' }), user)).toBe(true)
    const onlyForOthers = fakeUser('ann@example.com', ['Widget User'], { 'Customer|Sales Order': ['Bolt'] })
    expect(userPermissionAllows(schema, widget, doc({ customer: 'Acme' }), onlyForOthers)).toBe(true)
  })

  it('lets Administrator through regardless', () => {
    const admin = { ...fakeUser('Administrator', [], { Territory: ['India'] }), isAdmin: true }
    expect(userPermissionAllows(schema, widget, doc({ territory: 'Europe' }), admin)).toBe(true)
  })
})

describe('hasPermission', () => {
  it('needs a role right', () => {
    expect(hasPermission(schema, widget, 'read', fakeUser('x@example.com', ['Nobody']))).toBe(false)
    expect(hasPermission(schema, widget, 'read', fakeUser('x@example.com', ['Widget User']))).toBe(true)
    expect(hasPermission(schema, widget, 'submit', fakeUser('x@example.com', ['Widget User']))).toBe(false)
  })

  it('ignores permlevel 1 rows', () => {
    expect(hasPermission(schema, widget, 'read', fakeUser('x@example.com', ['Widget Auditor']))).toBe(false)
  })

  it('lets select fall back to read', () => {
    expect(hasPermission(schema, widget, 'select', fakeUser('x@example.com', ['Widget User']))).toBe(true)
    expect(hasPermission(schema, widget, 'select', fakeUser('x@example.com', ['Nobody']))).toBe(false)
  })

  it('applies if_owner rights to documents the user owns only', () => {
    const ann = fakeUser('ann@example.com', ['Widget Owner'])
    expect(hasPermission(schema, widget, 'read', ann)).toBe(true)
    expect(hasPermission(schema, widget, 'read', ann, doc({ owner: 'ann@example.com' }))).toBe(true)
    expect(hasPermission(schema, widget, 'write', ann, doc({ owner: 'bob@example.com' }))).toBe(false)
    expect(hasPermission(schema, widget, 'delete', ann, doc({ owner: 'ann@example.com' }))).toBe(false)
    expect(hasPermission(schema, widget, 'read', fakeUser('ann@example.com', ['Widget Owner', 'Widget User']), doc({ owner: 'bob@example.com' }))).toBe(true)
  })

  it('applies User Permissions when a document is given', () => {
    const user = fakeUser('ann@example.com', ['Widget User'], { Territory: ['India'] })
    expect(hasPermission(schema, widget, 'read', user)).toBe(true)
    expect(hasPermission(schema, widget, 'read', user, doc({ territory: 'India' }))).toBe(true)
    expect(hasPermission(schema, widget, 'write', user, doc({ territory: 'Europe' }))).toBe(false)
  })

  it('lets Administrator do anything', () => {
    const admin = fakeUser('Administrator', [])
    expect(hasPermission(schema, widget, 'delete', admin, doc({ owner: 'someone' }))).toBe(true)
    expect(hasPermission(schema, widget, 'submit', admin)).toBe(true)
  })
})

describe('checkPermission and notPermitted', () => {
  it('throws PermissionError with Frappe messages', () => {
    const e = frappeErrorOf(() => checkPermission(schema, widget, 'write', fakeUser('x@example.com', ['Nobody']), doc()))
    expect([e.excType, e.httpStatus, e.message]).toEqual(['PermissionError', 403, 'No permission for Widget W1 (Write)'])
    expect(notPermitted('Widget', 'read').message).toBe('Insufficient Permission for Widget (Read)')
    expect(notPermitted('Widget', 'read').messages[0]?.title).toBe('Not Permitted')
  })

  it('is silent when allowed', () => {
    expect(() => checkPermission(schema, widget, 'read', fakeUser('x@example.com', ['Widget User']), doc())).not.toThrow()
  })
})
