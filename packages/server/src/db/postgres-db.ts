import pg from 'pg'
import { OutpostError } from '@outpost/core'
import type { SqlDb, SqlTx } from './sql-db.ts'
import { ddlToPostgres } from './postgres-dialect.ts'
import { PostgresTx } from './postgres-tx.ts'
import { postgresBus } from './postgres-bus.ts'
import { Semaphore } from './semaphore.ts'

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` */
  readonly url: string
  /** Connections this process keeps (default 10). */
  readonly poolSize?: number
  /** Write transactions this process runs at once (default 1 with serialWrites, else 4). */
  readonly maxWriters?: number
  /**
   * Tables whose inserts are numbered in commit order (the change log): the first insert of a
   * transaction into one takes a lock held until commit, so its sequence values follow commits.
   */
  readonly serialisedTables?: readonly string[]
  /**
   * One write transaction at a time across every process on the database (default true), as
   * SQLite's one writer: nothing is ever run again for a concurrent writer. When false, writers
   * run side by side (REPEATABLE READ) and one that meets another's row is run again.
   */
  readonly serialWrites?: boolean
}

/**
 * Writes run REPEATABLE READ: a transaction that meets a concurrent commit of the same row
 * fails (40001) rather than overwriting it, and is run again, as is one that deadlocked.
 */
const BEGIN_WRITE = 'BEGIN ISOLATION LEVEL REPEATABLE READ'
const BEGIN_READ = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY'
const MAX_ATTEMPTS = 40
/** A unique violation is met again at most this often: the second time it is a real duplicate. */
const UNIQUE_ATTEMPTS = 2
/** One lock for schema changes: several instances starting at once create tables once. */
const DDL_LOCK = `SELECT pg_advisory_xact_lock(hashtext('outpost:ddl'))`
const APPEND_LOCK = `SELECT pg_advisory_xact_lock(hashtext('outpost:append'))`
/** Held by the connection from before BEGIN to after COMMIT: the snapshot sees every earlier write. */
const WRITE_LOCK = `SELECT pg_advisory_lock(hashtext('outpost:write'))`
const WRITE_UNLOCK = `SELECT pg_advisory_unlock(hashtext('outpost:write'))`

/** Numbers come back as numbers (counts and sums too), booleans as 0/1: the port's values. */
const PARSERS = new Map<number, (text: string) => unknown>([
  [20, Number], // int8
  [1700, Number], // numeric
  [16, (t: string) => (t === 't' ? 1 : 0)], // bool
])
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary'): ((text: string) => unknown) =>
    PARSERS.get(oid) ?? (pg.types.getTypeParser(oid, format ?? 'text') as (text: string) => unknown),
}

type Outcome<T> = { readonly done: true; readonly value: T; readonly callbacks: readonly (() => void)[] } | { readonly done: false; readonly error: unknown; readonly unique: boolean }

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
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

/** What the first attempt's failure means: run again, or the answer. */
function judge<T>(tx: PostgresTx, error: unknown, uniqueSeen: number): Outcome<T> | undefined {
  if (tx.retry !== undefined) return { done: false, error, unique: false }
  if (tx.unique !== undefined && uniqueSeen + 1 < UNIQUE_ATTEMPTS) return { done: false, error, unique: true }
  return undefined
}

type Settings = Required<Pick<PostgresOptions, 'serialisedTables' | 'serialWrites'>>

async function attempt<T>(pool: pg.Pool, fn: (tx: SqlTx) => Promise<T>, readOnly: boolean, options: Settings, uniqueSeen: number): Promise<Outcome<T>> {
  const client = await pool.connect()
  const writeLock = !readOnly && options.serialWrites
  if (writeLock) {
    try {
      await client.query(WRITE_LOCK)
    } catch (e) {
      client.release(e instanceof Error ? e : new Error(String(e)))
      throw e
    }
  }
  const prefixes = options.serialisedTables.map((t) => `INSERT INTO "${t}"`)
  const tx = new PostgresTx(client, (sql) => prefixes.some((p) => sql.startsWith(p)), APPEND_LOCK)
  let broken: Error | undefined
  try {
    await client.query(readOnly ? BEGIN_READ : BEGIN_WRITE)
    let value: T
    try {
      value = await fn(tx)
      if (tx.spoiled !== undefined) throw tx.spoiled
    } catch (e) {
      await client.query('ROLLBACK').catch((r: unknown) => (broken = r instanceof Error ? r : new Error(String(r))))
      const again = judge<T>(tx, e, uniqueSeen)
      if (again) return again
      throw e
    }
    try {
      await client.query(readOnly ? 'ROLLBACK' : 'COMMIT')
    } catch (e) {
      const again = judge<T>(tx, e, uniqueSeen) ?? (tx.retry === undefined && isCommitRetryable(e) ? { done: false as const, error: e, unique: false } : undefined)
      if (again) return again
      throw e
    }
    return { done: true, value, callbacks: tx.callbacks }
  } finally {
    if (writeLock && !broken) await client.query(WRITE_UNLOCK).catch((e: unknown) => (broken = e instanceof Error ? e : new Error(String(e))))
    client.release(broken)
  }
}

function isCommitRetryable(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code
  return code === '40001' || code === '40P01'
}

/** Run `fn` until it commits or fails for a reason other than a concurrent transaction. */
async function transact<T>(pool: pg.Pool, fn: (tx: SqlTx) => Promise<T>, readOnly: boolean, options: Settings): Promise<T> {
  let uniqueSeen = 0
  for (let n = 1; ; n++) {
    const outcome = await attempt(pool, fn, readOnly, options, uniqueSeen)
    if (outcome.done) {
      runAfterCommit(outcome.callbacks)
      return outcome.value
    }
    if (n >= MAX_ATTEMPTS) throw outcome.error
    if (outcome.unique) uniqueSeen++
    // jittered backoff: colliding transactions should not meet again at once
    await sleep(Math.random() * Math.min(50, 2 ** n))
  }
}

/** A schema statement under the DDL lock, in PostgreSQL's types. */
async function execDdl(pool: pg.Pool, sql: string): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query(DDL_LOCK)
    await client.query(ddlToPostgres(sql))
    await client.query('COMMIT')
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw e
  } finally {
    client.release()
  }
}

/** Check the server answers, and that `citext` (case-insensitive text) is there. */
async function prepare(pool: pg.Pool, url: string): Promise<void> {
  try {
    await execDdl(pool, 'CREATE EXTENSION IF NOT EXISTS citext')
  } catch (e) {
    await pool.end().catch(() => undefined)
    const where = url.replace(/\/\/[^@/]*@/, '//')
    throw new OutpostError('REMOTE', `Cannot open PostgreSQL database ${where}: ${e instanceof Error ? e.message : String(e)}`, { cause: e, retryable: true })
  }
}

/** The port on PostgreSQL: a pool of connections, several server processes on one database. */
export async function openPostgres(options: PostgresOptions): Promise<SqlDb> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, types })
  // an idle connection that the server dropped is replaced on the next connect
  pool.on('error', (e) => console.error('PostgreSQL idle connection failed', e))
  await prepare(pool, options.url)
  const writers = new Semaphore(options.maxWriters ?? (options.serialWrites === false ? 4 : 1))
  const settings: Settings = { serialisedTables: options.serialisedTables ?? [], serialWrites: options.serialWrites ?? true }
  const bus = postgresBus(pool, options.url, types)
  return {
    dialect: 'postgres',
    bus,
    transaction: <T>(fn: (tx: SqlTx) => Promise<T>, opts: { readOnly?: boolean } = {}): Promise<T> =>
      opts.readOnly === true ? transact(pool, fn, true, settings) : writers.run(() => transact(pool, fn, false, settings)),
    exec: (sql: string): Promise<void> => execDdl(pool, sql),
    close: async (): Promise<void> => {
      await bus.close()
      await pool.end()
    },
  }
}
