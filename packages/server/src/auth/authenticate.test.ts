import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FrappeError } from '@outpost/meta'
import { frappeRejectionOf } from '@outpost/meta/testing'
import type { SqlDb, SqlTx } from '../db/sql-db.ts'
import { openSqlite } from '../db/sqlite-db.ts'
import { ensureSystemTables } from '../storage/system-tables.ts'
import { authenticate, login, logout } from './authenticate.ts'
import { upsertUser } from './users.ts'

const NOW = '2024-03-01 12:00:00.000000'
let db: SqlDb
const tx = <T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> => db.transaction(fn)
const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64')
const auth = (authorization: string | undefined, sid?: string, now = NOW): Promise<string> =>
  tx((t) => authenticate(t, { authorization, sid }, now))

beforeAll(async () => {
  db = openSqlite({ path: ':memory:' })
  await ensureSystemTables(db)
  await tx(async (t) => {
    await upsertUser(t, { email: 'ann@example.com', fullName: 'Ann Lee', password: 'ann-pw', roles: ['Sales User'], apiKey: 'ann-key', apiSecret: 'ann-secret' })
    await upsertUser(t, { email: 'bob@example.com', fullName: '', password: 'bob-pw', roles: [], apiKey: 'bob-key', apiSecret: 'bob-secret' })
    await upsertUser(t, { email: 'cat@example.com', fullName: 'Cat', password: 'cat-pw', roles: [] })
    await upsertUser(t, { email: 'nopw@example.com', fullName: 'No Password', roles: [] })
    await t.run(`UPDATE "__user" SET "enabled" = 0 WHERE "name" = 'bob@example.com'`)
  })
})
afterAll(() => db.close())

async function authError(promise: Promise<unknown>): Promise<FrappeError> {
  const e = await frappeRejectionOf(promise)
  expect(e.excType).toBe('AuthenticationError')
  expect(e.httpStatus).toBe(401)
  return e
}

describe('authenticate: token header', () => {
  it('accepts "token key:secret", any scheme case, extra spaces', async () => {
    expect(await auth('token ann-key:ann-secret')).toBe('ann@example.com')
    expect(await auth('Token ann-key:ann-secret')).toBe('ann@example.com')
    expect(await auth('  TOKEN   ann-key:ann-secret  ')).toBe('ann@example.com')
  })

  it('accepts "Basic base64(key:secret)"', async () => {
    expect(await auth(`Basic ${b64('ann-key:ann-secret')}`)).toBe('ann@example.com')
    expect(await auth(`basic ${b64('ann-key:ann-secret')}`)).toBe('ann@example.com')
  })

  it('prefers the token over a session', async () => {
    const { sid } = await tx((t) => login(t, 'cat@example.com', 'cat-pw', NOW))
    expect(await auth(undefined, sid)).toBe('cat@example.com')
    expect(await auth('token ann-key:ann-secret', sid)).toBe('ann@example.com')
  })

  it.each([
    ['a wrong secret', 'token ann-key:wrong'],
    ['an unknown key', 'token nope:ann-secret'],
    ['no colon', 'token ann-key'],
    ['no key', 'token :ann-secret'],
    ['no secret', 'token ann-key:'],
    ['no value', 'token'],
    ['an extra colon part', 'token ann-key:ann-secret:x'],
    ['an injection in the key', `token ' OR '1'='1:ann-secret`],
    ['a disabled user', 'token bob-key:bob-secret'],
    ['Basic with a wrong secret', `Basic ${b64('ann-key:nope')}`],
    ['Basic with no colon', `Basic ${b64('ann-key')}`],
    ['Basic that is not base64', 'Basic !!!***'],
    ['Basic with nothing', 'Basic'],
  ])('refuses %s with "Invalid token"', async (_label, header) => {
    expect((await authError(auth(header))).message).toMatch(/^Invalid token/)
  })

  it.each(['Bearer abc', 'ann-key:ann-secret', 'tokenann-key:ann-secret', 'Digest x', '   '])('refuses an unsupported scheme %j', async (header) => {
    expect((await authError(auth(header))).message).toMatch(/^Unsupported Authorization header/)
  })

  it('treats an empty header as no header', async () => {
    expect(await auth('')).toBe('Guest')
    expect(await auth(undefined)).toBe('Guest')
  })
})

describe('login, sessions and logout', () => {
  it('logs in and returns the canonical name and full name, with a random sid', async () => {
    const a = await tx((t) => login(t, 'ANN@example.com', 'ann-pw', NOW))
    const b = await tx((t) => login(t, 'ann@example.com', 'ann-pw', NOW))
    expect(a.user).toBe('ann@example.com')
    expect(a.fullName).toBe('Ann Lee')
    expect(a.sid).toMatch(/^[0-9a-f]{56}$/)
    expect(a.sid).not.toBe(b.sid)
    expect(await auth(undefined, a.sid)).toBe('ann@example.com')
  })

  it.each([
    ['no user', undefined, 'x'], ['no password', 'ann@example.com', undefined], ['an empty user', '', 'ann-pw'],
    ['an empty password', 'ann@example.com', ''], ['a numeric password', 'ann@example.com', 123], ['a list user', ['ann@example.com'], 'ann-pw'],
  ])('refuses %s with "Incomplete login details"', async (_label, usr, pwd) => {
    expect((await authError(tx((t) => login(t, usr, pwd, NOW)))).message).toBe('Incomplete login details')
  })

  it.each([
    ['a wrong password', 'ann@example.com', 'nope'],
    ['an unknown user', 'zed@example.com', 'ann-pw'],
    ['a user without a password', 'nopw@example.com', 'anything'],
    ['an injection', "ann@example.com' --", 'x'],
    ['a disabled user with a wrong password', 'bob@example.com', 'nope'],
  ])('refuses %s with "Invalid login credentials"', async (_label, usr, pwd) => {
    expect((await authError(tx((t) => login(t, usr, pwd, NOW)))).message).toBe('Invalid login credentials')
  })

  it('refuses a disabled user with the right password as "User disabled or missing"', async () => {
    expect((await authError(tx((t) => login(t, 'bob@example.com', 'bob-pw', NOW)))).message).toBe('User disabled or missing')
  })

  it('keeps a session for 240 hours, then treats it as Guest', async () => {
    const { sid } = await tx((t) => login(t, 'ann@example.com', 'ann-pw', '2024-01-01 00:00:00.250000'))
    const row = await tx((t) => t.get<{ expires_at: string }>(`SELECT "expires_at" FROM "__session" WHERE "sid" = ?`, [sid]))
    expect(row?.expires_at).toBe('2024-01-11 00:00:00.250000')
    expect(await auth(undefined, sid, '2024-01-11 00:00:00.249999')).toBe('ann@example.com')
    expect(await auth(undefined, sid, '2024-01-11 00:00:00.250000')).toBe('Guest')
    expect(await auth(undefined, sid, '2025-01-01 00:00:00.000000')).toBe('Guest')
  })

  it('treats an unknown or "Guest" sid as Guest', async () => {
    expect(await auth(undefined, 'no-such-sid')).toBe('Guest')
    expect(await auth(undefined, 'Guest')).toBe('Guest')
    expect(await auth(undefined, "' OR 1=1 --")).toBe('Guest')
  })

  it('logout ends the session', async () => {
    const { sid } = await tx((t) => login(t, 'ann@example.com', 'ann-pw', NOW))
    await tx((t) => logout(t, sid))
    expect(await auth(undefined, sid)).toBe('Guest')
    await expect(tx((t) => logout(t, undefined))).resolves.toBeUndefined()
  })

  it('falls back to the user name when there is no full name', async () => {
    await tx((t) => upsertUser(t, { email: 'dee@example.com', fullName: '', password: 'dee-pw', roles: [] }))
    await tx((t) => t.run(`UPDATE "__user" SET "full_name" = NULL WHERE "name" = 'dee@example.com'`))
    expect((await tx((t) => login(t, 'dee@example.com', 'dee-pw', NOW))).fullName).toBe('dee@example.com')
  })
})
