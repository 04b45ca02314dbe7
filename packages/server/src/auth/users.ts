import type { SqlTx } from '../db/sql-db.ts'
import { hashPassword, hashSecret } from './passwords.ts'
import { appendChange, ROLE_CHANGE, USER_PERMISSION_CHANGE } from '../sync/change-log.ts'

export interface NewUser {
  readonly email: string
  readonly fullName: string
  readonly password?: string | undefined
  readonly roles: readonly string[]
  readonly apiKey?: string | undefined
  readonly apiSecret?: string | undefined
  readonly userPermissions?: readonly { allow: string; forValue: string; applicableFor?: string }[]
}

type UserPermissionInput = NonNullable<NewUser['userPermissions']>[number]

/** One User Permission as a comparable key. */
function permissionKey(allow: string, forValue: string, applicableFor: string | null | undefined): string {
  return JSON.stringify([allow, forValue, applicableFor ?? null])
}

async function storedPermissions(tx: SqlTx, user: string): Promise<Map<string, string>> {
  const rows = await tx.all<{ allow: string; for_value: string; applicable_for: string | null }>(
    `SELECT "allow", "for_value", "applicable_for" FROM "__user_permission" WHERE "user" = ?`, [user])
  return new Map(rows.map((r) => [permissionKey(r.allow, r.for_value, r.applicable_for), r.allow]))
}

/** Replace a user's User Permissions; the change log hears which restricted DocTypes changed. */
async function replacePermissions(tx: SqlTx, user: string, permissions: readonly UserPermissionInput[]): Promise<void> {
  const before = await storedPermissions(tx, user)
  await tx.run(`DELETE FROM "__user_permission" WHERE "user" = ?`, [user])
  for (const p of permissions) {
    await tx.run(
      `INSERT INTO "__user_permission" ("user", "allow", "for_value", "applicable_for", "apply_to_all_doctypes") VALUES (?, ?, ?, ?, ?)`,
      [user, p.allow, p.forValue, p.applicableFor ?? null, p.applicableFor ? 0 : 1],
    )
  }
  const after = new Map(permissions.map((p) => [permissionKey(p.allow, p.forValue, p.applicableFor), p.allow]))
  const changed = new Set<string>()
  for (const [key, allow] of before) if (!after.has(key)) changed.add(allow)
  for (const [key, allow] of after) if (!before.has(key)) changed.add(allow)
  for (const allow of changed) await appendChange(tx, { doctype: USER_PERMISSION_CHANGE, name: user, op: 'update', fromName: allow })
}

/** Replace a user's roles; a changed set is a change-log entry (what the user may read changed). */
async function replaceRoles(tx: SqlTx, user: string, roles: readonly string[]): Promise<void> {
  const before = (await tx.all<{ role: string }>(`SELECT "role" FROM "__has_role" WHERE "user" = ?`, [user])).map((r) => r.role)
  await tx.run(`DELETE FROM "__has_role" WHERE "user" = ?`, [user])
  for (const role of roles) await tx.run(`INSERT INTO "__has_role" ("user", "role") VALUES (?, ?)`, [user, role])
  const after = new Set(roles)
  if (before.length !== after.size || before.some((r) => !after.has(r))) await appendChange(tx, { doctype: ROLE_CHANGE, name: user, op: 'update' })
}

/** Create or update a user with roles, an optional API token and User Permissions. */
export async function upsertUser(tx: SqlTx, user: NewUser): Promise<void> {
  await tx.run(
    `INSERT INTO "__user" ("name", "full_name", "enabled") VALUES (?, ?, 1) ON CONFLICT ("name") DO UPDATE SET "full_name" = excluded."full_name"`,
    [user.email, user.fullName],
  )
  if (user.password !== undefined) await tx.run(`UPDATE "__user" SET "password_hash" = ? WHERE "name" = ?`, [hashPassword(user.password), user.email])
  if (user.apiKey !== undefined && user.apiSecret !== undefined) {
    await tx.run(`UPDATE "__user" SET "api_key" = NULL WHERE "api_key" = ? AND "name" != ?`, [user.apiKey, user.email])
    await tx.run(`UPDATE "__user" SET "api_key" = ?, "api_secret_hash" = ? WHERE "name" = ?`, [user.apiKey, hashSecret(user.apiSecret), user.email])
  }
  await replaceRoles(tx, user.email, user.roles)
  if (user.userPermissions) await replacePermissions(tx, user.email, user.userPermissions)
}
