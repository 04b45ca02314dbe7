import type Database from 'better-sqlite3'
import { OutpostError } from '@outpost/core'

/** The layout this library writes. A newer file is refused; an older one is migrated forward. */
export const STORE_FORMAT_VERSION = 1

/** Steps from version n to n + 1, keyed by n; empty while there is one format. */
const MIGRATIONS: ReadonlyMap<number, (db: Database.Database) => void> = new Map()

const BASE_TABLES = [
  'CREATE TABLE IF NOT EXISTS meta_format (key TEXT NOT NULL PRIMARY KEY, value INTEGER NOT NULL)',
  // cursors, outbox, logs: usable before `open`, so created with the store
  'CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, key))',
  // the column type each document table was built with, so `open` can tell what meta changed
  'CREATE TABLE IF NOT EXISTS layout_columns (doctype TEXT NOT NULL, name TEXT NOT NULL, decl TEXT NOT NULL, PRIMARY KEY (doctype, name))',
]

function storedVersion(db: Database.Database, path: string): number | undefined {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]
  if (!tables.includes('meta_format')) {
    // never adopt (and later overwrite) some other program's database
    if (tables.length > 0) throw new OutpostError('STORE_CORRUPT', `${path} is a SQLite database, but not an Outpost local store`)
    return undefined
  }
  const version = db.prepare("SELECT value FROM meta_format WHERE key = 'version'").pluck().get()
  if (typeof version !== 'number') throw new OutpostError('STORE_CORRUPT', `${path} has no store format version`)
  return version
}

function migrate(db: Database.Database, from: number, path: string): void {
  for (let v = from; v < STORE_FORMAT_VERSION; v++) {
    const step = MIGRATIONS.get(v)
    if (!step) throw new OutpostError('STORE_CORRUPT', `${path} has store format ${from}, which this version cannot read`)
    step(db)
  }
}

/** Create a new store's tables, or check and migrate an existing one, in one transaction. */
export function prepareFormat(db: Database.Database, path: string): void {
  db.transaction(() => {
    const version = storedVersion(db, path)
    if (version !== undefined && version > STORE_FORMAT_VERSION) {
      throw new OutpostError('STORE_CORRUPT', `${path} was written by a newer version of Outpost (store format ${version}; this version reads up to ${STORE_FORMAT_VERSION})`)
    }
    if (version !== undefined) migrate(db, version, path)
    for (const ddl of BASE_TABLES) db.exec(ddl)
    if (version !== STORE_FORMAT_VERSION) db.prepare("INSERT OR REPLACE INTO meta_format (key, value) VALUES ('version', ?)").run(STORE_FORMAT_VERSION)
  }).immediate()
}
