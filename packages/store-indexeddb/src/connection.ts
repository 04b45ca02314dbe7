import type { Schema } from '@outpost/meta'
import type { Tables } from './layout.ts'
import { closedError } from './store-errors.ts'
import { deleteDatabase, openDatabase, type IndexedDbDeps, type OpenOptions } from './store-format.ts'

/**
 * The store's one connection, opened on first use (records work before `open`). Once closed,
 * destroyed, or lost to another tab that deleted or upgraded the database, every call fails
 * with STORE_CLOSED until `open` is called again: a tab never recreates, empty, a database
 * another tab deleted at logout. An encrypted database is unlocked as it opens; a refusal
 * (STORE_LOCKED, STORE_CORRUPT) keeps no connection, and the next call tries again.
 */
export class Connection {
  #tables: Tables | undefined
  #closed: string | undefined
  readonly #deps: IndexedDbDeps
  readonly #options: OpenOptions
  readonly name: string
  schema: Schema | undefined

  constructor(deps: IndexedDbDeps, name: string, options: OpenOptions) {
    this.#deps = deps
    this.name = name
    this.#options = options
  }

  /** IDBKeyRange of the factory in use, for the store's native reads. */
  get keyRange(): IndexedDbDeps['IDBKeyRange'] {
    return this.#deps.IDBKeyRange
  }

  async tables(): Promise<Tables> {
    if (this.#closed !== undefined) throw closedError(this.#closed)
    this.#tables ??= await openDatabase(this.#deps, this.name, () => this.#lose(), this.#options)
    return this.#tables
  }

  /** Allow use again after close, destroy or loss (open's first step). */
  reopen(): void {
    this.#closed = undefined
  }

  close(reason = 'The local store is closed'): void {
    const tables = this.#tables
    this.#tables = undefined
    tables?.db.close()
    this.#closed = reason
  }

  async destroy(): Promise<void> {
    this.close('The local store was destroyed')
    this.schema = undefined
    await deleteDatabase(this.#deps, this.name)
  }

  /** The connection closed; close() and destroy() then set their own reason over this one. */
  #lose(): void {
    this.#tables = undefined
    this.#closed = `The local store ${this.name} was closed by the browser, or deleted or upgraded by another tab; open it again`
  }
}
