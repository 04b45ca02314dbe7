/**
 * The database port of the reference server.
 *
 * Guarantees every implementation gives:
 * - `transaction` runs `fn` in one database transaction: it commits when `fn` resolves and
 *   rolls back everything when it throws. Transactions on one SqlDb are serialisable.
 * - `readOnly` transactions never write and always roll back (Frappe rolls back GETs).
 * - SQL uses `?` placeholders and double-quoted identifiers; an adapter translates its dialect.
 * - Values in and out are `string | number | null` (booleans are 0/1, JSON is text).
 * - A transaction may be run again when the database refuses it for a concurrent one (a
 *   serialisation failure or deadlock on PostgreSQL): `fn` must do nothing outside `tx` but
 *   through `afterCommit`.
 */
export type SqlValue = string | number | bigint | null
export type Row = Record<string, SqlValue>

/** Rows as arrays in `columns` order: no object per row, which wide tables (hundreds of columns) make costly. */
export interface RowValues {
  readonly columns: readonly string[]
  readonly rows: readonly (readonly SqlValue[])[]
}

export interface SqlTx {
  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>
  get<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>
  /** What `all` reads, as arrays. */
  values(sql: string, params?: readonly SqlValue[]): Promise<RowValues>
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>
  /** Runs after a successful commit, in order; a failing callback is logged, never thrown. */
  afterCommit(fn: () => void): void
  /**
   * `fn` inside a savepoint: its writes stay when it resolves; when it throws they are undone
   * (after-commit callbacks it registered too) and the transaction goes on. Nestable.
   */
  savepoint<T>(fn: () => Promise<T>): Promise<T>
}

/**
 * Messages between server processes that share one database (PostgreSQL's LISTEN/NOTIFY).
 * A database only one process opens (SQLite) has none.
 */
export interface SqlBus {
  publish(channel: string, payload: string): Promise<void>
  /** Hear every message on `channel`, from any process (this one too); the answer stops. */
  subscribe(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>
}

export interface SqlDb {
  readonly dialect: 'sqlite' | 'postgres'
  readonly bus?: SqlBus
  transaction<T>(fn: (tx: SqlTx) => Promise<T>, options?: { readOnly?: boolean }): Promise<T>
  /** Schema changes, outside request transactions. */
  exec(sql: string): Promise<void>
  close(): Promise<void>
}
