import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDb, SqlTx } from '../db/sql-db.ts'
import { openSqlite } from '../db/sqlite-db.ts'
import { ensureSystemTables } from '../storage/system-tables.ts'
import { authenticate, login } from './authenticate.ts'
import { upsertUser } from './users.ts'

let db: SqlDb
const tx = <T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> => db.transaction(fn)
const NOW = '2024-03-01 12:00:00.000000'

beforeAll(async () => {
  db = openSqlite({ path: ':memory:' })
  await ensureSystemTables(db)
})
afterAll(() => db.close())

describe('upsertUser', () => {
  it('creates a user with roles, password, token and User Permissions, storing no secret in clear', async () => {
    await tx((t) => upsertUser(t, {
      email: 'ann@example.com', fullName: 'Ann', password: 'pw-1', roles: ['A', 'B'], apiKey: 'k1', apiSecret: 's1',
      userPermissions: [{ allow: 'Territory', forValue: 'Asia' }, { allow: 'Customer', forValue: 'Acme', applicableFor: 'Sales Order' }],
    }))
    const user = await tx((t) => t.get(`SELECT * FROM "__user" WHERE "name" = 'ann@example.com'`))
    expect(user?.['password_hash']).toMatch(/^scrypt\$/)
    expect(user?.['api_secret_hash']).not.toBe('s1')
    expect(await tx((t) => t.all(`SELECT "role" FROM "__has_role" WHERE "user" = 'ann@example.com' ORDER BY "role"`))).toEqual([{ role: 'A' }, { role: 'B' }])
    expect(await tx((t) => t.all(`SELECT "allow", "for_value", "applicable_for", "apply_to_all_doctypes" FROM "__user_permission" ORDER BY "id"`))).toEqual([
      { allow: 'Territory', for_value: 'Asia', applicable_for: null, apply_to_all_doctypes: 1 },
      { allow: 'Customer', for_value: 'Acme', applicable_for: 'Sales Order', apply_to_all_doctypes: 0 },
    ])
    expect(await tx((t) => authenticate(t, { authorization: 'token k1:s1', sid: undefined }, NOW))).toBe('ann@example.com')
  })

  it('updates: replaces roles, keeps the password unless given, keeps User Permissions unless given', async () => {
    await tx((t) => upsertUser(t, { email: 'ann@example.com', fullName: 'Ann B', roles: ['C'] }))
    expect(await tx((t) => t.all(`SELECT "role" FROM "__has_role" WHERE "user" = 'ann@example.com'`))).toEqual([{ role: 'C' }])
    expect((await tx((t) => login(t, 'ann@example.com', 'pw-1', NOW))).fullName).toBe('Ann B')
    expect(await tx((t) => t.all(`SELECT "id" FROM "__user_permission"`))).toHaveLength(2)
    await tx((t) => upsertUser(t, { email: 'ann@example.com', fullName: 'Ann B', roles: ['C'], userPermissions: [] }))
    expect(await tx((t) => t.all(`SELECT "id" FROM "__user_permission"`))).toHaveLength(0)
  })

  it('moves an API key to its new owner', async () => {
    await tx((t) => upsertUser(t, { email: 'bob@example.com', fullName: 'Bob', roles: [], apiKey: 'k1', apiSecret: 's2' }))
    expect(await tx((t) => authenticate(t, { authorization: 'token k1:s2', sid: undefined }, NOW))).toBe('bob@example.com')
    const ann = await tx((t) => t.get(`SELECT "api_key" FROM "__user" WHERE "name" = 'ann@example.com'`))
    expect(ann?.['api_key']).toBeNull()
  })
})
