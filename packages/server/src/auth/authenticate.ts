import { FrappeError } from '@outpost/meta'
import type { SqlTx } from '../db/sql-db.ts'
import { GUEST } from '../permissions/user-context.ts'
import { randomToken, secretMatches, verifyPassword } from './passwords.ts'

/** Frappe's default session expiry, 240 hours. */
export const SESSION_HOURS = 240

export interface Credentials {
  readonly authorization: string | undefined
  readonly sid: string | undefined
}

function invalidToken(): FrappeError {
  return new FrappeError('AuthenticationError', 'Invalid token: the API key or secret is wrong', { title: 'Not Permitted' })
}

function parseAuthorization(header: string): { key: string; secret: string } {
  const [scheme, ...rest] = header.trim().split(/\s+/)
  const value = rest.join(' ')
  let pair: string
  if (scheme?.toLowerCase() === 'token') pair = value
  else if (scheme?.toLowerCase() === 'basic') pair = Buffer.from(value, 'base64').toString('utf8')
  else throw new FrappeError('AuthenticationError', 'Unsupported Authorization header: use "token key:secret"')
  const i = pair.indexOf(':')
  if (i <= 0 || i === pair.length - 1) throw invalidToken()
  return { key: pair.slice(0, i), secret: pair.slice(i + 1) }
}

async function userFromToken(tx: SqlTx, header: string): Promise<string> {
  const { key, secret } = parseAuthorization(header)
  const row = await tx.get<{ name: string; api_secret_hash: string | null; enabled: number }>(
    `SELECT "name", "api_secret_hash", "enabled" FROM "__user" WHERE "api_key" = ?`, [key])
  if (!row || !row.enabled || !secretMatches(secret, row.api_secret_hash)) throw invalidToken()
  return row.name
}

async function userFromSession(tx: SqlTx, sid: string, now: string): Promise<string> {
  const row = await tx.get<{ user: string }>(`SELECT "user" FROM "__session" WHERE "sid" = ? AND "expires_at" > ?`, [sid, now])
  return row?.user ?? GUEST
}

/** Token first, then the `sid` session; an unknown or expired session is a Guest, as in Frappe. */
export async function authenticate(tx: SqlTx, credentials: Credentials, now: string): Promise<string> {
  if (credentials.authorization) return userFromToken(tx, credentials.authorization)
  if (credentials.sid && credentials.sid !== 'Guest') return userFromSession(tx, credentials.sid, now)
  return GUEST
}

function addHours(datetime: string, hours: number): string {
  const d = new Date(datetime.replace(' ', 'T') + 'Z')
  d.setUTCHours(d.getUTCHours() + hours)
  return d.toISOString().replace('T', ' ').replace('Z', '000')
}

export async function login(tx: SqlTx, usr: unknown, pwd: unknown, now: string): Promise<{ sid: string; user: string; fullName: string }> {
  if (typeof usr !== 'string' || typeof pwd !== 'string' || usr === '' || pwd === '') {
    throw new FrappeError('AuthenticationError', 'Incomplete login details')
  }
  const row = await tx.get<{ name: string; full_name: string | null; password_hash: string | null; enabled: number }>(
    `SELECT "name", "full_name", "password_hash", "enabled" FROM "__user" WHERE "name" = ?`, [usr])
  if (!row || !verifyPassword(pwd, row.password_hash)) throw new FrappeError('AuthenticationError', 'Invalid login credentials')
  if (!row.enabled) throw new FrappeError('AuthenticationError', 'User disabled or missing')
  const sid = randomToken(28)
  await tx.run(`INSERT INTO "__session" ("sid", "user", "expires_at") VALUES (?, ?, ?)`, [sid, row.name, addHours(now, SESSION_HOURS)])
  return { sid, user: row.name, fullName: row.full_name ?? row.name }
}

export async function logout(tx: SqlTx, sid: string | undefined): Promise<void> {
  if (sid) await tx.run(`DELETE FROM "__session" WHERE "sid" = ?`, [sid])
}
