import type { SqlDb } from '../db/sql-db.ts'

/**
 * Tables that are not DocTypes: the naming-series counters (Frappe's `tabSeries`),
 * users, roles, API keys, sessions and User Permissions; and the sync protocol's change log,
 * stored push results (by mutation id) and resolved temp names (docs/sync-protocol.md); and
 * realtime events passed between server processes that share a database.
 */
const SYSTEM_DDL = [
  `CREATE TABLE IF NOT EXISTS "tabSeries" ("name" TEXT PRIMARY KEY, "current" INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE IF NOT EXISTS "__user" (
    "name" TEXT PRIMARY KEY COLLATE NOCASE, "full_name" TEXT, "enabled" INTEGER NOT NULL DEFAULT 1,
    "user_type" TEXT NOT NULL DEFAULT 'System User', "password_hash" TEXT,
    "api_key" TEXT UNIQUE, "api_secret_hash" TEXT)`,
  `CREATE TABLE IF NOT EXISTS "__has_role" ("user" TEXT NOT NULL COLLATE NOCASE, "role" TEXT NOT NULL, PRIMARY KEY ("user", "role"))`,
  `CREATE TABLE IF NOT EXISTS "__session" ("sid" TEXT PRIMARY KEY, "user" TEXT NOT NULL, "expires_at" TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS "__user_permission" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT, "user" TEXT NOT NULL COLLATE NOCASE, "allow" TEXT NOT NULL,
    "for_value" TEXT NOT NULL, "applicable_for" TEXT, "apply_to_all_doctypes" INTEGER NOT NULL DEFAULT 1,
    "hide_descendants" INTEGER NOT NULL DEFAULT 0)`,
  `CREATE INDEX IF NOT EXISTS "__user_permission__user" ON "__user_permission" ("user")`,
  `CREATE TABLE IF NOT EXISTS "__sequence" ("doctype" TEXT PRIMARY KEY, "current" INTEGER NOT NULL DEFAULT 0)`,
  // AUTOINCREMENT: a seq is never reused, even if the newest entries were ever removed.
  `CREATE TABLE IF NOT EXISTS "__outpost_change" (
    "seq" INTEGER PRIMARY KEY AUTOINCREMENT, "doctype" TEXT NOT NULL, "name" TEXT NOT NULL COLLATE NOCASE,
    "op" TEXT NOT NULL, "from_name" TEXT)`,
  `CREATE INDEX IF NOT EXISTS "__outpost_change__doctype_seq" ON "__outpost_change" ("doctype", "seq")`,
  `CREATE TABLE IF NOT EXISTS "__outpost_mutation" (
    "mutation_id" TEXT PRIMARY KEY, "user" TEXT NOT NULL COLLATE NOCASE, "result" TEXT NOT NULL, "created" TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS "__outpost_temp_name" (
    "temp_name" TEXT PRIMARY KEY, "doctype" TEXT NOT NULL, "name" TEXT NOT NULL, "created" TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS "__outpost_temp_name__name" ON "__outpost_temp_name" ("doctype", "name")`,
  // realtime events too large for a PostgreSQL notification, kept a minute for the other servers
  `CREATE TABLE IF NOT EXISTS "__outpost_event" ("id" INTEGER PRIMARY KEY AUTOINCREMENT, "payload" TEXT NOT NULL, "created" INTEGER NOT NULL)`,
]

export async function ensureSystemTables(db: SqlDb): Promise<void> {
  for (const ddl of SYSTEM_DDL) await db.exec(ddl)
}
