import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { upsertUser } from '../auth/users.ts'
import { openMemoryDb, type MemoryDb } from '../testing/memory-db.ts'
import { TERRITORIES, widgetDocTypes } from '../testing/widget-schema.ts'
import { ADMINISTRATOR, GUEST, loadUserContext, type UserContext } from './user-context.ts'

let m: MemoryDb

async function grant(user: string, allow: string, forValue: string, extra: { applicableFor?: string; hideDescendants?: boolean } = {}): Promise<void> {
  await m.tx((tx) => tx.run(
    `INSERT INTO "__user_permission" ("user", "allow", "for_value", "applicable_for", "apply_to_all_doctypes", "hide_descendants") VALUES (?, ?, ?, ?, ?, ?)`,
    [user, allow, forValue, extra.applicableFor ?? null, extra.applicableFor ? 0 : 1, extra.hideDescendants ? 1 : 0],
  ))
}

const load = (user: string): Promise<UserContext> => m.tx((tx) => loadUserContext(tx, m.schema, user))
const values = (s: ReadonlySet<string> | undefined): string[] | undefined => (s ? [...s].sort() : undefined)

beforeAll(async () => {
  m = await openMemoryDb(widgetDocTypes())
  await m.insert('Territory', TERRITORIES)
  await m.tx(async (tx) => {
    await upsertUser(tx, { email: 'ann@example.com', fullName: 'Ann', roles: ['Widget User', 'Sales User'] })
    await upsertUser(tx, { email: 'bob@example.com', fullName: 'Bob', roles: [] })
    await upsertUser(tx, { email: 'cat@example.com', fullName: 'Cat', roles: ['Widget User'] })
    await upsertUser(tx, { email: ADMINISTRATOR, fullName: 'Administrator', roles: ['Administrator'] })
  })
  await grant('ann@example.com', 'Territory', 'Asia')
  await grant('ann@example.com', 'Customer', 'Acme', { applicableFor: 'Widget' })
  await grant('ann@example.com', 'Customer', 'Bolt', { applicableFor: 'Sales Order' })
  await grant('ann@example.com', 'Item', 'Pen')
  await grant('bob@example.com', 'Territory', 'Asia', { hideDescendants: true })
  await grant('bob@example.com', 'Territory', 'Europe')
  await grant(ADMINISTRATOR, 'Territory', 'Europe')
})
afterAll(() => m.close())

describe('loadUserContext: roles', () => {
  it('gives a user their roles plus All and Guest', async () => {
    const ann = await load('ann@example.com')
    expect([...ann.roles].sort()).toEqual(['All', 'Guest', 'Sales User', 'Widget User'])
    expect(ann.isAdmin).toBe(false)
    expect(ann.name).toBe('ann@example.com')
  })

  it('finds roles case-insensitively on the user name', async () => {
    expect((await load('ANN@example.com')).roles.has('Widget User')).toBe(true)
  })

  it('gives Guest only the Guest role', async () => {
    const guest = await load(GUEST)
    expect([...guest.roles]).toEqual(['Guest'])
    expect(guest.isAdmin).toBe(false)
  })

  it('marks Administrator as admin and never restricts it', async () => {
    const admin = await load(ADMINISTRATOR)
    expect(admin.isAdmin).toBe(true)
    expect(admin.allowedValues('Territory', 'Widget')).toBeUndefined()
    expect(admin.restrictedDoctypes.size).toBe(0)
  })
})

describe('loadUserContext: allowedValues', () => {
  it('is undefined for a doctype the user is not restricted on', async () => {
    const ann = await load('ann@example.com')
    expect(ann.allowedValues('Supplier', 'Widget')).toBeUndefined()
    expect((await load('cat@example.com')).allowedValues('Territory', 'Widget')).toBeUndefined()
  })

  it('expands a tree value to its descendants', async () => {
    const ann = await load('ann@example.com')
    expect(values(ann.allowedValues('Territory', 'Widget'))).toEqual(['Asia', 'India', 'Mumbai'])
  })

  it('does not expand with hide_descendants, and ORs several rows', async () => {
    const bob = await load('bob@example.com')
    expect(values(bob.allowedValues('Territory', 'Widget'))).toEqual(['Asia', 'Europe'])
  })

  it('keeps a non-tree value as it is', async () => {
    expect(values((await load('ann@example.com')).allowedValues('Item', 'Widget'))).toEqual(['Pen'])
  })

  it('applies apply_to_all_doctypes rows everywhere and applicable_for rows to their doctype only', async () => {
    const ann = await load('ann@example.com')
    expect(values(ann.allowedValues('Customer', 'Widget'))).toEqual(['Acme'])
    expect(values(ann.allowedValues('Customer', 'Sales Order'))).toEqual(['Bolt'])
    expect(ann.allowedValues('Customer', 'Delivery Note')).toBeUndefined()
    expect(values(ann.allowedValues('Territory', 'Delivery Note'))).toEqual(['Asia', 'India', 'Mumbai'])
  })

  it('lists the restricted doctypes', async () => {
    expect([...(await load('ann@example.com')).restrictedDoctypes].sort()).toEqual(['Customer', 'Item', 'Territory'])
  })

  it('answers repeated questions the same way', async () => {
    const ann = await load('ann@example.com')
    expect(ann.allowedValues('Customer', 'Widget')).toBe(ann.allowedValues('Customer', 'Widget'))
    expect(ann.allowedValues('Customer', 'Nope')).toBeUndefined()
    expect(ann.allowedValues('Customer', 'Nope')).toBeUndefined()
  })
})
