import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frappeErrorOf } from '@outpost/meta/testing'
import { upsertUser } from '../auth/users.ts'
import { fakeUser } from '../testing/fake-user.ts'
import { openMemoryDb, type MemoryDb } from '../testing/memory-db.ts'
import { CUSTOMERS, TERRITORIES, WIDGETS, widgetDocTypes } from '../testing/widget-schema.ts'
import { buildDocType } from '@outpost/meta/testing'
import { matchConditions } from './match-conditions.ts'
import { loadUserContext, type UserContext } from './user-context.ts'

let m: MemoryDb

const picks = buildDocType('Pick', [{ fieldname: 'label', fieldtype: 'Data' }], {
  autoname: 'Prompt',
  permissions: [
    { role: 'Own Picker', if_owner: 1, select: 1 },
    { role: 'Own Reader', if_owner: 1, read: 1 },
    { role: 'Picker', select: 1 },
    { role: 'Reader', read: 1 },
  ],
})

beforeAll(async () => {
  m = await openMemoryDb([...widgetDocTypes(), picks])
  await m.insert('Territory', TERRITORIES)
  await m.insert('Customer', CUSTOMERS)
  await m.insert('Widget', WIDGETS)
  await m.insert('Pick', [{ name: 'P1', owner: 'ann@example.com' }, { name: 'P2', owner: 'bob@example.com' }])
  await m.tx(async (tx) => {
    await upsertUser(tx, {
      email: 'ann@example.com', fullName: 'Ann', roles: ['Widget User'],
      userPermissions: [{ allow: 'Territory', forValue: 'India' }, { allow: 'Customer', forValue: 'Acme', applicableFor: 'Widget' }],
    })
    await upsertUser(tx, { email: 'eve@example.com', fullName: 'Eve', roles: ['Widget User'], userPermissions: [{ allow: 'Territory', forValue: 'Europe', applicableFor: 'Customer' }] })
  })
})
afterAll(() => m.close())

const visible = (doctype: string, user: UserContext): Promise<string[]> => m.names(doctype, matchConditions(m.schema.require(doctype), 't', user))
const load = (user: string): Promise<UserContext> => m.tx((tx) => loadUserContext(tx, m.schema, user))

describe('matchConditions: role rights', () => {
  it('is 1 = 1 for Administrator and for an unrestricted full reader', async () => {
    expect(matchConditions(m.schema.require('Widget'), 't', fakeUser('Administrator', []))).toEqual({ sql: '1 = 1', params: [] })
    expect(await visible('Widget', fakeUser('cat@example.com', ['Widget User']))).toEqual(['W1', 'W2', 'W3', 'W4'])
  })

  it('throws PermissionError without read or select', () => {
    for (const roles of [[], ['Widget Auditor']]) {
      const e = frappeErrorOf(() => matchConditions(m.schema.require('Widget'), 't', fakeUser('x@example.com', roles)))
      expect(e.excType).toBe('PermissionError')
    }
  })

  it('restricts if_owner readers to their own documents', async () => {
    expect(await visible('Widget', fakeUser('ann@example.com', ['Widget Owner']))).toEqual(['W1', 'W3'])
    expect(await visible('Widget', fakeUser('bob@example.com', ['Widget Owner']))).toEqual(['W2'])
    expect(await visible('Widget', fakeUser('ann@example.com', ['Widget Owner', 'Widget User']))).toEqual(['W1', 'W2', 'W3', 'W4'])
  })

  it('binds the owner name', () => {
    const w = matchConditions(m.schema.require('Widget'), 't', fakeUser("x' OR '1'='1", ['Widget Owner']))
    expect(w).toEqual({ sql: 't."owner" = ?', params: ["x' OR '1'='1"] })
  })

  it('applies the owner constraint unless read or select is held without if_owner', async () => {
    expect(await visible('Pick', fakeUser('ann@example.com', ['Own Picker']))).toEqual(['P1'])
    expect(await visible('Pick', fakeUser('ann@example.com', ['Own Reader']))).toEqual(['P1'])
    expect(await visible('Pick', fakeUser('ann@example.com', ['Own Picker', 'Own Reader']))).toEqual(['P1'])
    expect(await visible('Pick', fakeUser('ann@example.com', ['Own Reader', 'Picker']))).toEqual(['P1', 'P2'])
    expect(await visible('Pick', fakeUser('ann@example.com', ['Own Picker', 'Reader']))).toEqual(['P1', 'P2'])
  })
})

describe('matchConditions: User Permissions', () => {
  it('limits each Link field to the allowed values (tree descendants included), letting empty values pass', async () => {
    // Territory India (+ Mumbai) for all doctypes, Customer Acme for Widget
    const ann = await load('ann@example.com')
    expect(await visible('Widget', ann)).toEqual(['W1', 'W4'])
    expect(await visible('Customer', ann)).toEqual(['Acme'])
  })

  it('skips ignore_user_permissions links', async () => {
    // W3 has no territory and ref_territory Europe, which is ignored; Customer Bolt is allowed
    expect(await visible('Widget', fakeUser('x@example.com', ['Widget User'], { Territory: ['India'], Customer: ['Bolt'] }))).toEqual(['W3'])
  })

  it('applies applicable_for rows to that doctype only', async () => {
    const eve = await load('eve@example.com')
    expect(await visible('Widget', eve)).toEqual(['W1', 'W2', 'W3', 'W4'])
    expect(await visible('Customer', eve)).toEqual(['Bolt'])
  })

  it('limits the doctype itself by name', async () => {
    expect(await visible('Widget', fakeUser('x@example.com', ['Widget User'], { Widget: ['W2', 'w4'] }))).toEqual(['W2', 'W4'])
  })

  it('binds every allowed value', async () => {
    const hostile = fakeUser('x@example.com', ['Widget User'], { Customer: ["Acme') OR ('1'='1"] })
    const w = matchConditions(m.schema.require('Widget'), 't', hostile)
    expect(w.params).toEqual(["Acme') OR ('1'='1"])
    expect(await m.names('Widget', w)).toEqual(['W2'])
  })
})
