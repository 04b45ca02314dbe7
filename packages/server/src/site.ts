import { randomFillSync } from 'node:crypto'
import { Schema, type DocType } from '@outpost/meta'
import { systemClock, type Clock } from './clock.ts'
import type { Site } from './context.ts'
import type { ControllerMap } from './controllers/controller.ts'
import { openSqlite } from './db/sqlite-db.ts'
import { upsertUser, type NewUser } from './auth/users.ts'
import { deletedDocumentDocType } from './builtin/deleted-document.ts'
import { customFieldDocType } from './builtin/custom-field.ts'
import { loadCustomFields } from './builtin/custom-field-hooks.ts'
import { ensureDocTypeTables } from './storage/ddl.ts'
import { ensureSystemTables } from './storage/system-tables.ts'
import { ADMINISTRATOR } from './permissions/user-context.ts'

export interface SiteOptions {
  /** SQLite file path, or ':memory:'. */
  readonly dbPath: string
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

/** Open (or create) a site: tables for every DocType, system tables, the Administrator. */
export async function openSite(options: SiteOptions): Promise<Site> {
  const schema = new Schema(options.doctypes)
  if (!schema.has('Deleted Document')) schema.add(deletedDocumentDocType())
  if (!schema.has('Custom Field')) schema.add(customFieldDocType())
  const db = openSqlite({ path: options.dbPath })
  await ensureSystemTables(db)
  await ensureDocTypeTables(db, schema)
  const site: Site = { db, schema, controllers: options.controllers ?? {}, clock: options.clock ?? systemClock(), random: options.random ?? cryptoRandom() }
  // only DocTypes that Custom Fields changed may lack a column
  const customised = await loadCustomFields(site)
  if (customised.length > 0) await ensureDocTypeTables(db, new Schema(customised))
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
