import type { SqlTx } from '../db/sql-db.ts'
import { hashPassword, hashSecret } from './passwords.ts'

export interface NewUser {
  readonly email: string
  readonly fullName: string
  readonly password?: string | undefined
  readonly roles: readonly string[]
  readonly apiKey?: string | undefined
  readonly apiSecret?: string | undefined
  readonly userPermissions?: readonly { allow: string; forValue: string; applicableFor?: string }[]
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
  await tx.run(`DELETE FROM "__has_role" WHERE "user" = ?`, [user.email])
  for (const role of user.roles) await tx.run(`INSERT INTO "__has_role" ("user", "role") VALUES (?, ?)`, [user.email, role])
  if (user.userPermissions) {
    await tx.run(`DELETE FROM "__user_permission" WHERE "user" = ?`, [user.email])
    for (const p of user.userPermissions) {
      await tx.run(
        `INSERT INTO "__user_permission" ("user", "allow", "for_value", "applicable_for", "apply_to_all_doctypes") VALUES (?, ?, ?, ?, ?)`,
        [user.email, p.allow, p.forValue, p.applicableFor ?? null, p.applicableFor ? 0 : 1],
      )
    }
  }
}
