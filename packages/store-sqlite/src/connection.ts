import Database from 'better-sqlite3'
import type { Statement } from 'better-sqlite3'
import { OutpostError } from '@outpost/core'
import type { StorageKind } from '@outpost/meta'
import { WAL_CAP_BYTES } from './checkpoint.ts'
import { cellValue } from './columns.ts'
import { prepareFormat } from './store-format.ts'

/** One open database with its prepared statements. */
export interface Connection {
  readonly db: Database.Database
  statement(sql: string): Statement
  /** After DDL: cached statements may name dropped columns. */
  clearStatements(): void
  close(): void
}

const CACHE_LIMIT = 500

/** SQLite's own result codes for a damaged file or one that is not a database at all. */
export function isCorruption(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
}

export function corrupt(path: string, e: unknown): OutpostError {
  const detail = e instanceof Error ? e.message : String(e)
  return new OutpostError('STORE_CORRUPT', `The local store ${path} is corrupted or not a SQLite database (${detail})`, { cause: e })
}

function configure(db: Database.Database, walCapBytes: number): void {
  // WAL with synchronous=NORMAL: a commit is written to the WAL before COMMIT returns, so it
  // survives a crash of the process (the port's promise). Only a power loss or OS crash may
  // lose the last commits, which would need FULL and an fsync per write transaction.
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  // checkpoints run when writes go quiet or the WAL grows large (checkpoint.ts), not inside a save
  db.pragma('wal_autocheckpoint = 0')
  // a WAL that grew past the cap during a burst shrinks back to it when it restarts
  db.pragma(`journal_size_limit = ${Math.max(0, Math.floor(walCapBytes))}`)
  db.pragma('busy_timeout = 5000')
  // 16 MB of pages (SQLite's default is 2 MB): a save descends a dozen indexes of a large table
  db.pragma('cache_size = -16384')
  db.pragma('foreign_keys = OFF')
  // numbers as JavaScript prints them, for LIKE on numeric columns (SQLite prints 99.0)
  db.function('outpost_text', { deterministic: true }, (v: unknown) => (v === null ? null : String(v)))
  // a column's value from its JSON text, converted exactly as a write converts it
  db.function('outpost_cell', { deterministic: true }, (kind: unknown, json: unknown) =>
    cellValue(kind as StorageKind, typeof json === 'string' ? JSON.parse(json) : undefined))
}

function statementCache(db: Database.Database): Pick<Connection, 'statement' | 'clearStatements'> {
  const cache = new Map<string, Statement>()
  return {
    statement(sql) {
      let s = cache.get(sql)
      if (s) return s
      s = db.prepare(sql)
      // filters make many shapes of SQL; forget the oldest rather than grow without bound
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!)
      cache.set(sql, s)
      return s
    },
    clearStatements: () => cache.clear(),
  }
}

/** Open (or create) the file; a damaged file is a STORE_CORRUPT error, never a silent reset. */
export function connect(path: string, walCapBytes = WAL_CAP_BYTES): Connection {
  let db: Database.Database
  try {
    db = new Database(path)
  } catch (e) {
    throw isCorruption(e) ? corrupt(path, e) : e
  }
  try {
    configure(db, walCapBytes)
    prepareFormat(db, path)
  } catch (e) {
    db.close()
    throw isCorruption(e) ? corrupt(path, e) : e
  }
  return { db, ...statementCache(db), close: () => db.close() }
}
