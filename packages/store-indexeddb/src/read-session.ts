import type { RecordKind } from '@outpost/core'
import { ABOVE_STRINGS, MIN_STRING, type Tables } from './layout.ts'
import { completion, isInactive, requested, walk, type CursorDirection, type NativeCursor, type NativeDatabase, type NativeRequest, type NativeSource, type NativeTransaction } from './native-idb.ts'
import { closedError } from './store-errors.ts'
import type { IndexedDbDeps } from './store-format.ts'
import { GENERATION_ROW, LinkTargets } from './link-targets.ts'

/** Reads of a kind in one scope before the session asks whether the kind has any record at all. */
const USES_BEFORE_EMPTINESS_CHECK = 3

/** The native database under Dexie; STORE_CLOSED when Dexie has closed it (close, another tab). */
export function nativeDatabase(tables: Tables, storeName: string): NativeDatabase {
  if (!tables.db.isOpen()) throw closedError(`The local store ${storeName} was closed (by close(), destroy() or another tab deleting or upgrading it)`)
  return tables.db.backendDB() as unknown as NativeDatabase
}

/** A key range as IDBKeyRange.bound takes it. */
export interface BoundRange {
  readonly lower: unknown
  readonly upper: unknown
  readonly lowerOpen: boolean
  readonly upperOpen: boolean
}

/** The `docs` store itself (its primary key) or its multiEntry `ix` index. */
export type DocIndex = 'pk' | 'ix'

/** What the store remembers between calls. */
export class SessionMemory {
  readonly linkTargets = new LinkTargets()
}

const recordMemoKey = (kind: RecordKind, key: string): string => `${kind}\u0000${key}`

/** A call's transactions span the layout too: a write moves its generation on. */
const SESSION_STORES = ['docs', 'records', 'layout']

/** A generation row's value; '' before the first write of documents set one. */
export function generationOf(row: unknown): string {
  const value = (row as { value?: unknown } | undefined)?.value
  return typeof value === 'string' ? value : ''
}

/**
 * The reads of one store call (`read` or `write`), made natively and sharing one readonly
 * transaction while it stays active: a chain of awaited reads, as the engine makes per pulled
 * document or per save, costs one request each instead of one transaction each. A transaction
 * ends when control goes back to the event loop (a timer, the network, WebCrypto); the next
 * read opens another. Reads in one call see one state: writes are serialised by the store
 * lock and flushed after, so a record read twice in a call is asked for once (each caller
 * gets its own copy).
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
  /** Kinds a read found a record of: no need to ask whether they are empty. */
  readonly #seen = new Set<RecordKind>()
  readonly #records = new Map<string, Promise<unknown>>()
  readonly #counts = new Map<RecordKind, Promise<number>>()
  #generation: Promise<string> | undefined

  #committed: Promise<void> | undefined

  /**
   * A `write` call's session reads in a readwrite transaction: when its reads end and the
   * write's changes follow in the same task, they go in that transaction (`changesIn`).
   */
  constructor(
    private readonly tables: Tables,
    private readonly storeName: string,
    private readonly keyRange: IndexedDbDeps['IDBKeyRange'],
    private readonly memory = new SessionMemory(),
    private readonly mode: 'readonly' | 'readwrite' = 'readonly',
  ) {}

  /**
   * Issue a write's changes in the call's own transaction when it is readwrite and still
   * active (nothing was awaited since its last read: no second transaction to start), else in
   * a new one. Resolves when they commit. `issue` must make its requests without awaiting; a
   * request it makes that throws at once aborts them all.
   */
  changesIn(issue: (tx: NativeTransaction) => void): Promise<void> {
    const current = this.#tx
    if (current && this.mode === 'readwrite') {
      try {
        return issued(current, this.#committed!, issue)
      } catch (e) {
        // finished or inactive: nothing of the write went in it
        if (!isInactive(e)) throw e
      }
    }
    const tx = nativeDatabase(this.tables, this.storeName).transaction(SESSION_STORES, 'readwrite')
    return issued(tx, completion(tx), issue)
  }

  /** What the store keeps between calls. */
  get kept(): SessionMemory {
    return this.memory
  }

  /** The database's write generation (link-targets.ts), asked for once per call. */
  generation(): Promise<string> {
    if (!this.#generation) {
      this.#generation = requested(this.#request((tx) => tx.objectStore('layout').get(GENERATION_ROW))).then(generationOf)
      // a write whose transaction aborts never waits for it: its rejection is the write's failure, reported there
      this.#generation.catch(() => undefined)
    }
    return this.#generation
  }

  /** A document row by primary key (undefined when absent). */
  getDoc(key: unknown): Promise<unknown> {
    return requested(this.#request((tx) => tx.objectStore('docs').get(key)))
  }

  /** Document rows by primary key, all asked for at once; absent ones are left out. */
  async getDocs(keys: readonly unknown[]): Promise<unknown[]> {
    if (keys.length === 0) return []
    const rows = await Promise.all(keys.map((key) => requested(this.#request((tx) => tx.objectStore('docs').get(key)))))
    return rows.filter((row) => row !== undefined)
  }

  /** A record row, asked for once per call: later reads of the key get a copy of the first answer. */
  async getRecord(kind: RecordKind, key: string): Promise<unknown> {
    const memoKey = recordMemoKey(kind, key)
    const known = this.#records.get(memoKey)
    if (known) return structuredClone(await known)
    const row = requested(this.#request((tx) => tx.objectStore('records').get([kind, key])))
    // the copy kept is taken before the caller can change the row it is given
    const kept = row.then((r) => {
      if (r !== undefined) this.#seen.add(kind)
      return structuredClone(r)
    })
    kept.catch(() => undefined)
    this.#records.set(memoKey, kept)
    return row
  }

  /** How many records of `kind` there are (counted once per call). */
  countKind(kind: RecordKind): Promise<number> {
    let count = this.#counts.get(kind)
    if (!count) {
      count = requested(this.#request((tx) => tx.objectStore('records').count(this.#kindRange(kind))))
      this.#counts.set(kind, count)
    }
    return count
  }

  /** Primary keys in each range of the docs store or its `ix` index, all ranges asked for at once. */
  docKeys(index: DocIndex, ranges: readonly BoundRange[]): Promise<unknown[][]> {
    return Promise.all(ranges.map((r) => requested(this.#request((tx) => this.#docSource(tx, index).getAllKeys(this.#bound(r))))))
  }

  /** How many entries a range of the docs store or its `ix` index holds. */
  countDocs(index: DocIndex, range: BoundRange): Promise<number> {
    return requested(this.#request((tx) => this.#docSource(tx, index).count(this.#bound(range))))
  }

  /** Walk document rows (`values`) or index keys in a range, in order; see `walk`. */
  walkDocs(index: DocIndex, range: BoundRange, direction: CursorDirection, values: boolean, visit: (cursor: NativeCursor) => boolean | { to: unknown }): Promise<void> {
    return walk(this.#request((tx) => {
      const source = this.#docSource(tx, index)
      return values ? source.openCursor(this.#bound(range), direction) : source.openKeyCursor(this.#bound(range), direction)
    }), visit)
  }

  /** True once the kind is known to have had no record when this call began. */
  async isEmptyKind(kind: RecordKind): Promise<boolean> {
    if (this.#seen.has(kind)) return false
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

  /** isEmptyKind without waiting for the answer: what it learns serves the reads after. */
  learnIfEmpty(kind: RecordKind): void {
    this.isEmptyKind(kind).catch(() => undefined)
  }

  /** Kinds known (and so settled) to have had no record when this call began. */
  get emptyKinds(): ReadonlySet<RecordKind> {
    return this.#knownEmpty
  }

  async #countNone(kind: RecordKind): Promise<boolean> {
    const keys = await requested(this.#request((tx) => tx.objectStore('records').getAllKeys(this.#kindRange(kind), 1)))
    if (keys.length === 0) this.#knownEmpty.add(kind)
    return keys.length === 0
  }

  #kindRange(kind: RecordKind): unknown {
    return this.keyRange.bound([kind, MIN_STRING], [kind, ABOVE_STRINGS], false, true)
  }

  #bound(r: BoundRange): unknown {
    return this.keyRange.bound(r.lower, r.upper, r.lowerOpen, r.upperOpen)
  }

  #docSource(tx: NativeTransaction, index: DocIndex): NativeSource {
    const docs = tx.objectStore('docs')
    return index === 'pk' ? docs : docs.index('ix')
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
    const tx = nativeDatabase(this.tables, this.storeName).transaction(SESSION_STORES, this.mode)
    const committed = completion(tx)
    const forget = () => {
      if (this.#tx === tx) this.#tx = undefined
    }
    committed.then(forget, forget)
    this.#tx = tx
    this.#committed = committed
    return tx
  }
}

/** `issue` in `tx`; if a request throws, the transaction is aborted so that none of it is kept. */
function issued(tx: NativeTransaction, committed: Promise<void>, issue: (tx: NativeTransaction) => void): Promise<void> {
  try {
    issue(tx)
  } catch (e) {
    // inactive: no request went in, and the caller tries another transaction
    if (isInactive(e)) throw e
    // a request refused at once (a browser out of quota may throw from put): keep nothing
    committed.catch(() => undefined)
    try {
      tx.abort()
    } catch {
      // already aborted by the engine
    }
    throw e
  }
  return committed
}
