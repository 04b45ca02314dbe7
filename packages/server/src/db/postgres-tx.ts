import type { PoolClient } from 'pg'
import { FrappeError } from '@outpost/meta'
import type { Row, RowValues, SqlTx, SqlValue } from './sql-db.ts'
import { isRetryable, toPostgres } from './postgres-dialect.ts'

/** SQLSTATE of a unique violation: possibly a concurrent commit of the same key (see PostgresTx.retry). */
export const UNIQUE_VIOLATION = '23505'

const NUL = '\0'
/** What a NUL stands for in a search: PostgreSQL's text has no NUL, so nothing stored has one. */
const NUL_STAND_IN = '\uFFFD'

/**
 * PostgreSQL text cannot hold NUL. A read looking for one finds nothing (as no stored text has
 * it); a write of one is refused with a clear error rather than a database failure.
 */
function withoutNul(sql: string, params: readonly SqlValue[]): readonly SqlValue[] {
  if (!params.some((p) => typeof p === 'string' && p.includes(NUL))) return params
  if (!/^\s*SELECT\b/i.test(sql)) throw new FrappeError('ValidationError', 'Text may not contain the NUL character (\\u0000)')
  return params.map((p) => (typeof p === 'string' ? p.replaceAll(NUL, NUL_STAND_IN) : p))
}

/** A statement's answer: rows as objects, or (asked for) as arrays with their column names. */
interface Answer {
  readonly rows: Row[]
  readonly rowCount: number | null
  readonly arrays?: SqlValue[][]
  readonly columns?: string[]
}

/**
 * One PostgreSQL transaction of the port. It remembers the first failure that running the
 * whole transaction again may cure, even when the code above caught it (a savepoint, a
 * collision retry): PostgreSQL's transaction is spoiled by then, so it must not commit.
 */
export class PostgresTx implements SqlTx {
  readonly callbacks: (() => void)[] = []
  /** A serialisation failure or deadlock seen in this transaction: it is run again. */
  retry: unknown = undefined
  /** A unique violation seen: the transaction is run again once, to see the row that won. */
  unique: unknown = undefined
  /** The failure that spoiled the transaction, unless a savepoint rolled it back: it cannot commit. */
  spoiled: unknown = undefined
  #spoiledAt: number | undefined = undefined
  #depth = 0
  /** Savepoint depth at which the append lock was taken (0: the transaction), or undefined. */
  #lockedAt: number | undefined = undefined

  constructor(
    private readonly client: PoolClient,
    /** Statements that must run under the append lock (an INSERT into the change log). */
    private readonly serialised: (sql: string) => boolean,
    private readonly lockSql: string,
  ) {}

  private async query(sql: string, params: readonly SqlValue[], arrays = false): Promise<Answer> {
    if (this.#lockedAt === undefined && this.serialised(sql)) {
      await this.raw(this.lockSql, [])
      this.#lockedAt = this.#depth
    }
    return this.raw(toPostgres(sql), withoutNul(sql, params), arrays)
  }

  /** One connection runs one statement at a time: statements asked for together wait in order. */
  #tail: Promise<unknown> = Promise.resolve()

  private raw(sql: string, params: readonly SqlValue[], arrays = false): Promise<Answer> {
    const next = this.#tail.then(() => this.send(sql, params, arrays))
    this.#tail = next.catch(() => undefined)
    return next
  }

  private async send(sql: string, params: readonly SqlValue[], arrays: boolean): Promise<Answer> {
    try {
      if (!arrays) return await this.client.query<Row>(sql, params as SqlValue[])
      const r = await this.client.query<SqlValue[]>({ text: sql, values: params as SqlValue[], rowMode: 'array' })
      return { rows: [], arrays: r.rows, columns: r.fields.map((f) => f.name), rowCount: r.rowCount }
    } catch (e) {
      if (this.#spoiledAt === undefined) {
        this.spoiled = e
        this.#spoiledAt = this.#depth
      }
      if (isRetryable(e)) this.retry ??= e
      else if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) this.unique ??= e
      throw e
    }
  }

  async all<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[]
  }
  async get<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    return (await this.query(sql, params)).rows[0] as T | undefined
  }
  async values(sql: string, params: readonly SqlValue[] = []): Promise<RowValues> {
    const r = await this.query(sql, params, true)
    return { columns: r.columns ?? [], rows: r.arrays ?? [] }
  }
  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: (await this.query(sql, params)).rowCount ?? 0 }
  }
  afterCommit(fn: () => void): void {
    this.callbacks.push(fn)
  }
  async savepoint<T>(fn: () => Promise<T>): Promise<T> {
    const name = `sp${++this.#depth}`
    const callbacks = this.callbacks.length
    await this.raw(`SAVEPOINT ${name}`, [])
    try {
      const result = await fn()
      await this.raw(`RELEASE SAVEPOINT ${name}`, [])
      return result
    } catch (e) {
      await this.raw(`ROLLBACK TO SAVEPOINT ${name}`, [])
      await this.raw(`RELEASE SAVEPOINT ${name}`, [])
      this.callbacks.length = callbacks
      if (this.#spoiledAt !== undefined && this.#spoiledAt >= this.#depth) {
        this.spoiled = undefined
        this.#spoiledAt = undefined
      }
      // a lock taken inside the savepoint is released with it
      if (this.#lockedAt !== undefined && this.#lockedAt >= this.#depth) this.#lockedAt = undefined
      throw e
    } finally {
      this.#depth--
    }
  }
}
