import type { Schema } from '@outpost/meta'
import { OutpostError, type LocalStore } from '@outpost/core'
import { connect, corrupt, isCorruption, type Connection } from './connection.ts'
import { deleteDatabaseFiles } from './delete-files.ts'
import { ensureDocTables } from './doc-tables.ts'
import { Checkpointer, WAL_CAP_BYTES } from './checkpoint.ts'
import { FifoLock } from './fifo-lock.ts'
import { storeReader, storeWriter, type TxScope } from './store-tx.ts'

export interface SqliteStoreOptions {
  /** The database file (one per site and user), or ':memory:'. */
  readonly path: string
  /**
   * A WAL past this many bytes is copied into the database by a worker thread while writes
   * go on (default 64 MB); quiet spells and `close` copy and empty it anyway.
   */
  readonly walCapBytes?: number
}

interface State {
  conn: Connection | undefined
  schema: Schema | undefined
  /** Why the file could not be opened; reported by every call until `open` or `destroy`. */
  failure: unknown
}

/** `fn` inside BEGIN … COMMIT; ROLLBACK when it throws. */
async function transaction<T>(conn: Connection, schema: Schema | undefined, begin: string, fn: (scope: TxScope) => Promise<T>): Promise<T> {
  const scope: TxScope = { conn, schema, active: true }
  conn.db.exec(begin)
  try {
    const result = await fn(scope)
    conn.db.exec('COMMIT')
    return result
  } catch (e) {
    // SQLite may already have rolled back (e.g. SQLITE_FULL); a second ROLLBACK would throw
    if (conn.db.inTransaction) conn.db.exec('ROLLBACK')
    throw e
  } finally {
    scope.active = false
  }
}

function connected(state: State): Connection {
  if (state.failure !== undefined) throw state.failure
  if (!state.conn) throw new OutpostError('STORE_CLOSED', 'The local store is closed')
  return state.conn
}

/** Connect again after close or destroy, then lay out a table per parent DocType. */
function openSchema(state: State, path: string, schema: Schema, walCapBytes: number): void {
  if (!state.conn) {
    state.conn = connect(path, walCapBytes)
    state.failure = undefined
  }
  const conn = state.conn
  conn.clearStatements()
  conn.db.transaction(() => ensureDocTables(conn.db, schema)).immediate()
  state.schema = schema
}

function shut(state: State): void {
  state.conn?.close()
  state.conn = undefined
}

/** The FIFO lock, with SQLite's corruption codes turned into STORE_CORRUPT. */
function serialised(path: string): <T>(fn: () => Promise<T>) => Promise<T> {
  const lock = new FifoLock()
  return (fn) => lock.run(async () => {
    try {
      return await fn()
    } catch (e) {
      throw isCorruption(e) ? corrupt(path, e) : e
    }
  })
}

function initialState(path: string, walCapBytes: number): State {
  try {
    return { conn: connect(path, walCapBytes), schema: undefined, failure: undefined }
  } catch (e) {
    return { conn: undefined, schema: undefined, failure: e }
  }
}

/**
 * A LocalStore in one SQLite file (better-sqlite3). Records work as soon as it is made;
 * documents once `open` has laid out a table per parent DocType. A file that is damaged, not
 * SQLite, or written by a newer version makes every call fail with STORE_CORRUPT until the
 * caller decides: `destroy()` wipes it, nothing is reset silently.
 */
export function sqliteStore(options: SqliteStoreOptions): LocalStore {
  const { path } = options
  const walCapBytes = options.walCapBytes ?? WAL_CAP_BYTES
  if (typeof walCapBytes !== 'number' || !Number.isSafeInteger(walCapBytes) || walCapBytes <= 0) {
    throw new OutpostError('INVALID_ARGUMENT', `walCapBytes must be a positive whole number of bytes, not ${String(walCapBytes)}`)
  }
  const state = initialState(path, walCapBytes)
  const locked = serialised(path)
  const checkpoints = new Checkpointer(path, locked, () => state.conn, walCapBytes)
  const written = async <T>(result: Promise<T>): Promise<T> => {
    const value = await result
    checkpoints.afterWrite()
    return value
  }
  return {
    capabilities: { persistent: true, indexedQueries: true },
    open: (schema) => locked(async () => openSchema(state, path, schema, walCapBytes)),
    read: (fn) => locked(() => transaction(connected(state), state.schema, 'BEGIN', (scope) => fn(storeReader(scope)))),
    write: (fn) => locked(() => written(transaction(connected(state), state.schema, 'BEGIN IMMEDIATE', (scope) => fn(storeWriter(scope))))),
    close: () => locked(async () => {
      await checkpoints.stop()
      shut(state)
    }),
    destroy: () => locked(async () => {
      await checkpoints.stop()
      shut(state)
      state.failure = undefined
      state.schema = undefined
      deleteDatabaseFiles(path)
    }),
  }
}
