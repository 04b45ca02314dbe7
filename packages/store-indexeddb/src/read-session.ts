import type { RecordKind } from '@outpost/core'
import { ABOVE_STRINGS, MIN_STRING, type Tables } from './layout.ts'
import { isInactive, requested, type NativeDatabase, type NativeRequest, type NativeTransaction } from './native-idb.ts'
import { closedError } from './store-errors.ts'
import type { IndexedDbDeps } from './store-format.ts'

/** Reads of a kind in one scope before the session asks whether the kind has any record at all. */
const USES_BEFORE_EMPTINESS_CHECK = 3

/** The native database under Dexie; STORE_CLOSED when Dexie has closed it (close, another tab). */
export function nativeDatabase(tables: Tables, storeName: string): NativeDatabase {
  if (!tables.db.isOpen()) throw closedError(`The local store ${storeName} was closed (by close(), destroy() or another tab deleting or upgrading it)`)
  return tables.db.backendDB() as unknown as NativeDatabase
}

/**
 * The point reads of one store call (`read` or `write`), made natively and sharing one readonly
 * transaction while it stays active: a chain of awaited reads, as the engine makes per pulled
 * document, costs one request each instead of one transaction each. A transaction ends when
 * control goes back to the event loop (a timer, the network); the next read opens another.
 * Reads in one call see one state: writes are serialised by the store lock and flushed after.
 *
 * It also learns, per record kind, whether the kind held no record when the call began (asked
 * once a kind has been used a few times): reads of an empty kind then need no request, and
 * deletions in it have nothing to delete. A boot asks for every pulled document's queued
 * mutations and deletes its base version, both empty kinds on a first boot.
 */
export class ReadSession {
  #tx: NativeTransaction | undefined
  readonly #uses = new Map<RecordKind, number>()
  readonly #empty = new Map<RecordKind, Promise<boolean>>()
  readonly #knownEmpty = new Set<RecordKind>()

  constructor(private readonly tables: Tables, private readonly storeName: string, private readonly keyRange: IndexedDbDeps['IDBKeyRange']) {}

  get(store: 'docs' | 'records', key: unknown): Promise<unknown> {
    return requested(this.#request((tx) => tx.objectStore(store).get(key)))
  }

  /** How many records of `kind` there are (a replica's status counts the outbox and logs after every save). */
  countKind(kind: RecordKind): Promise<number> {
    const range = this.keyRange.bound([kind, MIN_STRING], [kind, ABOVE_STRINGS], false, true)
    return requested(this.#request((tx) => tx.objectStore('records').count(range)))
  }

  /** True once the kind is known to have had no record when this call began. */
  async isEmptyKind(kind: RecordKind): Promise<boolean> {
    const uses = (this.#uses.get(kind) ?? 0) + 1
    this.#uses.set(kind, uses)
    if (uses < USES_BEFORE_EMPTINESS_CHECK) return false
    let empty = this.#empty.get(kind)
    if (!empty) {
      empty = this.#countNone(kind)
      this.#empty.set(kind, empty)
    }
    return empty
  }

  /** Kinds known (and so settled) to have had no record when this call began. */
  get emptyKinds(): ReadonlySet<RecordKind> {
    return this.#knownEmpty
  }

  async #countNone(kind: RecordKind): Promise<boolean> {
    const keys = await this.tables.records.where(':id').between([kind, MIN_STRING], [kind, ABOVE_STRINGS], true, false).limit(1).primaryKeys()
    if (keys.length === 0) this.#knownEmpty.add(kind)
    return keys.length === 0
  }

  #request<T>(make: (tx: NativeTransaction) => NativeRequest<T>): NativeRequest<T> {
    const current = this.#tx
    if (current) {
      try {
        return make(current)
      } catch (e) {
        // finished or inactive (the call awaited something else): a new transaction below
        if (!isInactive(e)) throw e
      }
    }
    return make(this.#open())
  }

  #open(): NativeTransaction {
    const tx = nativeDatabase(this.tables, this.storeName).transaction(['docs', 'records'], 'readonly')
    const forget = () => {
      if (this.#tx === tx) this.#tx = undefined
    }
    tx.oncomplete = forget
    tx.onabort = forget
    this.#tx = tx
    return tx
  }
}
