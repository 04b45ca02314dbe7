import Database from 'better-sqlite3'
import type { Statement } from 'better-sqlite3'
import type { Row, SqlDb, SqlTx, SqlValue } from './sql-db.ts'

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
}

class SqliteTx implements SqlTx {
  readonly callbacks: (() => void)[] = []
  constructor(private readonly statement: (sql: string) => Statement) {}

  async all<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.statement(sql).all(...params) as T[]
  }
  async get<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return this.statement(sql).get(...params) as T | undefined
  }
  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: this.statement(sql).run(...params).changes }
  }
  afterCommit(fn: () => void): void {
    this.callbacks.push(fn)
  }
}

export function openSqlite(options: SqliteOptions): SqlDb {
  const db = new Database(options.path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = OFF')
  db.pragma('busy_timeout = 5000')
  const cache = new Map<string, Statement>()
  const statement = (sql: string): Statement => {
    let s = cache.get(sql)
    if (!s) {
      s = db.prepare(sql)
      cache.set(sql, s)
    }
    return s
  }
  const mutex = new Mutex()

  return {
    dialect: 'sqlite',
    async transaction<T>(fn: (tx: SqlTx) => Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> {
      const release = await mutex.lock()
      const tx = new SqliteTx(statement)
      try {
        db.exec(opts.readOnly ? 'BEGIN' : 'BEGIN IMMEDIATE')
        let result: T
        try {
          result = await fn(tx)
        } catch (e) {
          db.exec('ROLLBACK')
          throw e
        }
        db.exec(opts.readOnly ? 'ROLLBACK' : 'COMMIT')
        for (const cb of tx.callbacks) {
          try {
            cb()
          } catch (e) {
            console.error('after-commit callback failed', e)
          }
        }
        return result
      } finally {
        release()
      }
    },
    async exec(sql: string): Promise<void> {
      const release = await mutex.lock()
      try {
        db.exec(sql)
        cache.clear()
      } finally {
        release()
      }
    },
    async close(): Promise<void> {
      const release = await mutex.lock()
      try {
        db.close()
      } finally {
        release()
      }
    },
  }
}
