import type { Schema } from '@outpost/meta'
import type { Clock } from './clock.ts'
import type { ControllerMap } from './controllers/controller.ts'
import type { SqlDb, SqlTx } from './db/sql-db.ts'
import type { UserContext } from './permissions/user-context.ts'
import type { ReadCache } from './documents/read-cache.ts'

/** A running site: its database, its DocTypes and their controllers. */
export interface Site {
  readonly db: SqlDb
  readonly schema: Schema
  readonly controllers: ControllerMap
  readonly clock: Clock
  /** Injected randomness (hash names, session ids' salt); crypto-backed in production. */
  readonly random: () => number
}

/** Everything one request needs: its transaction, its user and its timestamp. */
export interface RequestContext {
  readonly site: Site
  readonly tx: SqlTx
  readonly user: UserContext
  /** Frappe stamps one `now()` per save; each write asks the clock anew. */
  now(): string
  /** Reads already made in this transaction (see ReadCache); `tx` keeps it true. */
  readonly readCache?: ReadCache | undefined
}
