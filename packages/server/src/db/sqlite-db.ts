import Database from 'better-sqlite3'
import type { Statement } from 'better-sqlite3'
import type { Row, RowValues, SqlDb, SqlTx, SqlValue } from './sql-db.ts'
import { WalCheckpointer } from './sqlite-checkpoint.ts'

/** A FIFO lock: SQLite has one writer, and one connection must not interleave transactions. */
class Mutex {
  #tail: Promise<void> = Promise.resolve()
  lock(): Promise<() => void> {
    let release!: () => void
    const next = new Promise<void>((resolve) => (release = resolve))
    const acquired = this.#tail.then(() => release)
    this.#tail = this.#tail.then(() => next)
    return acquired
  }
}

export interface SqliteOptions {
  /** File path, or ':memory:'. */
  readonly path: string
  /** A WAL past this many bytes is copied into the database beside the writes (default 64 MB). */
  readonly walCapBytes?: number
}

class SqliteTx implements SqlTx {
  readonly callbacks: (() => void)[] = []
  #depth = 0
  /** Savepoint statements run as cached prepared statements: `exec` parses its SQL each time. */
  constructor(private readonly statement: (sql: string) => Statement, private readonly rawStatement: (sql: string) => Statement) {}

  private exec(sql: string): void {
    this.statement(sql).run()
  }

  async all<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.statement(sql).all(...params) as T[]
  }
  async get<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.statement(sql).get(...params) as T | undefined
  }
  async values(sql: string, params: readonly SqlValue[] = []): Promise<RowValues> {
    const s = this.rawStatement(sql)
    return { columns: s.columns().map((c) => c.name), rows: s.all(...params) as SqlValue[][] }
  }
  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: this.statement(sql).run(...params).changes }
  }
  afterCommit(fn: () => void): void {
    this.callbacks.push(fn)
  }
  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `sp${++this.#depth}`
    const callbacks = this.callbacks.length
    this.exec(`SAVEPOINT ${name}`)
    try {
      const result = await fn()
      this.exec(`RELEASE ${name}`)
      return result
    } catch (e) {
      this.exec(`ROLLBACK TO ${name}`)
      this.exec(`RELEASE ${name}`)
      this.callbacks.length = callbacks
      throw e
    } finally {
      this.#depth--
    }
  }
}

/** Run `fn` holding the lock. */
async function locked<T>(mutex: Mutex, fn: () => T | Promise<T>): Promise<T> {
  const release = await mutex.lock()
  try {
    return await fn()
  } finally {
    release()
  }
}

function openConnection(path: string): Database.Database {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = OFF')
  db.pragma('busy_timeout = 5000')
  // Savepoints journal the pages they change: in memory, not in a temp file per savepoint.
  db.pragma('temp_store = MEMORY')
  // Checkpoints run beside the writes, in a worker (sqlite-checkpoint.ts), never inside a commit.
  db.pragma('wal_autocheckpoint = 0')
  // 64 MB of pages (SQLite's default is 2 MB): an insert descends some forty indexes, and those
  // keyed by random values (row hashes, outpost_id, mutation ids) miss a small cache on every write.
  db.pragma('cache_size = -65536')
  return db
}

interface StatementCache {
  readonly statement: (sql: string) => Statement
  /** The same, in raw mode (rows as arrays). */
  readonly rawStatement: (sql: string) => Statement
  readonly clear: () => void
}

/** Prepared statements, kept per SQL text; cleared after schema changes. */
function statementCache(db: Database.Database): StatementCache {
  const cache = new Map<string, Statement>()
  const raw = new Map<string, Statement>()
  const cached = (map: Map<string, Statement>, sql: string, prepare: (sql: string) => Statement): Statement => {
    let s = map.get(sql)
    if (!s) {
      s = prepare(sql)
      map.set(sql, s)
    }
    return s
  }
  return {
    statement: (sql) => cached(cache, sql, (q) => db.prepare(q)),
    rawStatement: (sql) => cached(raw, sql, (q) => db.prepare(q).raw(true)),
    clear: () => {
      cache.clear()
      raw.clear()
    },
  }
}

/** After-commit callbacks, in order; one that fails is logged and the rest still run. */
function runAfterCommit(callbacks: readonly (() => void)[]): void {
  for (const cb of callbacks) {
    try {
      cb()
    } catch (e) {
      console.error('after-commit callback failed', e)
    }
  }
}

/** `fn` in one transaction: committed when it resolves (rolled back when read-only), rolled back when it throws. */
async function runTransaction<T>(statement: (sql: string) => Statement, tx: SqliteTx, fn: (tx: SqlTx) => Promise<T>, readOnly: boolean, committed: () => void): Promise<T> {
  statement(readOnly ? 'BEGIN' : 'BEGIN IMMEDIATE').run()
  let result: T
  try {
    result = await fn(tx)
  } catch (e) {
    statement('ROLLBACK').run()
    throw e
  }
  statement(readOnly ? 'ROLLBACK' : 'COMMIT').run()
  if (!readOnly) committed()
  runAfterCommit(tx.callbacks)
  return result
}

export function openSqlite(options: SqliteOptions): SqlDb {
  const db = openConnection(options.path)
  const statements = statementCache(db)
  const mutex = new Mutex()
  const checkpoints = new WalCheckpointer(db, options.path, options.walCapBytes)
  return {
    dialect: 'sqlite',
    transaction: <T>(fn: (tx: SqlTx) => Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> =>
      locked(mutex, () => runTransaction(statements.statement, new SqliteTx(statements.statement, statements.rawStatement), fn, opts.readOnly === true, () => checkpoints.afterCommit())),
    exec: (sql: string): Promise<void> => locked(mutex, () => {
      db.exec(sql)
      statements.clear()
    }),
    close: (): Promise<void> => locked(mutex, async () => {
      await checkpoints.stop()
      db.close()
    }),
  }
}
