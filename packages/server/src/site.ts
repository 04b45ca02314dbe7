import { randomFillSync } from 'node:crypto'
import { Schema, type DocType } from '@outpost/meta'
import { OutpostError } from '@outpost/core'
import { systemClock, type Clock } from './clock.ts'
import type { Site } from './context.ts'
import type { ControllerMap } from './controllers/controller.ts'
import { openSqlite } from './db/sqlite-db.ts'
import { openPostgres } from './db/postgres-db.ts'
import type { SqlDb } from './db/sql-db.ts'
import { upsertUser, type NewUser } from './auth/users.ts'
import { deletedDocumentDocType } from './builtin/deleted-document.ts'
import { customFieldDocType } from './builtin/custom-field.ts'
import { loadCustomFields } from './builtin/custom-field-hooks.ts'
import { ensureDocTypeTables } from './storage/ddl.ts'
import { ensureSystemTables } from './storage/system-tables.ts'
import { ADMINISTRATOR } from './permissions/user-context.ts'

export interface SiteOptions {
  /** SQLite file path, or ':memory:'. */
  readonly dbPath?: string | undefined
  /** A PostgreSQL database, `postgres://…`: instead of `dbPath`; any number of servers may share it. */
  readonly dbUrl?: string | undefined
  /** PostgreSQL: connections this process keeps (default 10). */
  readonly dbPoolSize?: number | undefined
  /** PostgreSQL: one writer at a time across all servers (default), or writers side by side. */
  readonly dbSerialWrites?: boolean | undefined
  readonly doctypes: readonly DocType[]
  readonly controllers?: ControllerMap
  readonly clock?: Clock
  readonly random?: () => number
  readonly adminPassword?: string | undefined
  readonly adminApiKey?: string | undefined
  readonly adminApiSecret?: string | undefined
}

/** Crypto-backed floats in [0, 1), drawn from a pool refilled 6 KiB at a time (a hash name takes six). */
function cryptoRandom(): () => number {
  const pool = Buffer.alloc(6 * 1024)
  let offset = pool.length
  return () => {
    if (offset + 6 > pool.length) {
      randomFillSync(pool)
      offset = 0
    }
    const value = pool.readUIntBE(offset, 6) / 2 ** 48
    offset += 6
    return value
  }
}

/** The change log: its entries are numbered in commit order (docs/architecture.md). */
const SERIALISED_TABLES = ['__outpost_change']

/** True for a `postgres://` or `postgresql://` address. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(db)
}

function openDb(options: SiteOptions): Promise<SqlDb> | SqlDb {
  if (options.dbUrl !== undefined && options.dbPath !== undefined) throw new OutpostError('INVALID_ARGUMENT', 'Give a site dbPath or dbUrl, not both')
  if (options.dbUrl !== undefined) {
    if (!isPostgresUrl(options.dbUrl)) throw new OutpostError('INVALID_ARGUMENT', `dbUrl must be postgres://…, not ${JSON.stringify(options.dbUrl)}`)
    return openPostgres({
      url: options.dbUrl, serialisedTables: SERIALISED_TABLES,
      ...(options.dbPoolSize ? { poolSize: options.dbPoolSize } : {}),
      ...(options.dbSerialWrites === undefined ? {} : { serialWrites: options.dbSerialWrites }),
    })
  }
  if (options.dbPath === undefined) throw new OutpostError('INVALID_ARGUMENT', 'A site needs dbPath (SQLite) or dbUrl (PostgreSQL)')
  return openSqlite({ path: options.dbPath })
}

/** Open (or create) a site: tables for every DocType, system tables, the Administrator. */
export async function openSite(options: SiteOptions): Promise<Site> {
  const schema = new Schema(options.doctypes)
  if (!schema.has('Deleted Document')) schema.add(deletedDocumentDocType())
  if (!schema.has('Custom Field')) schema.add(customFieldDocType())
  const db = await openDb(options)
  await ensureSystemTables(db)
  await ensureDocTypeTables(db, schema)
  const site: Site = { db, schema, controllers: options.controllers ?? {}, clock: options.clock ?? systemClock(), random: options.random ?? cryptoRandom() }
  // only DocTypes that Custom Fields changed may lack a column
  const customised = await loadCustomFields(site)
  if (customised.length > 0) await ensureDocTypeTables(db, schema, customised)
  await db.transaction(async (tx) => {
    const admin = await tx.get(`SELECT "name" FROM "__user" WHERE "name" = ?`, [ADMINISTRATOR])
    const password = options.adminPassword ?? (admin ? undefined : 'admin')
    await upsertUser(tx, {
      email: ADMINISTRATOR, fullName: 'Administrator', password, roles: ['Administrator', 'System Manager'],
      apiKey: options.adminApiKey, apiSecret: options.adminApiSecret,
    })
  })
  return site
}

export async function addUsers(site: Site, users: readonly NewUser[]): Promise<void> {
  await site.db.transaction(async (tx) => {
    for (const u of users) await upsertUser(tx, u)
  })
}
