import { OutpostError, type LocalStore, type StoreWriter } from '@outpost/core'
import type { Schema } from '@outpost/meta'
import { bufferedWriter } from './buffered-writer.ts'
import { Connection } from './connection.ts'
import { diskReader, type TxScope } from './disk-reader.ts'
import { flush } from './flush.ts'
import { ReadSession, SessionMemory } from './read-session.ts'
import { defaultLocks, StoreLock, type LockManagerLike } from './locks.ts'
import { sortPair, type ListOrders } from './index-entries.ts'
import { applySchema } from './reindex.ts'
import { storeFailure } from './store-errors.ts'
import type { IndexedDbDeps } from './store-format.ts'
import { checkEncryptionOptions, type StoreEncryptionOptions } from './store-key.ts'
import { WriteBuffer } from './write-buffer.ts'

export interface IndexedDbStoreOptions {
  /** The database name: one per site and user. */
  readonly name: string
  /** The IDBFactory to use (fake-indexeddb's in tests); defaults to `globalThis.indexedDB`. */
  readonly indexedDB?: IndexedDbDeps['indexedDB']
  /** Its IDBKeyRange; defaults to `globalThis.IDBKeyRange`. */
  readonly IDBKeyRange?: IndexedDbDeps['IDBKeyRange']
  /** Cross-tab locks; defaults to `navigator.locks` where it exists. */
  readonly locks?: LockManagerLike
  /**
   * Encrypt document bodies and record values at rest with a key derived from a passphrase
   * (see STORAGE_ENCRYPTION for what stays readable). Without it the database is plain.
   */
  readonly encryption?: StoreEncryptionOptions
  /**
   * Per DocType name, the field its lists are most often sorted by, when it is not the
   * DocType's `sort_field`: `{ 'Sales Invoice': 'posting_date' }`. A list filtered by one
   * indexed field and sorted by this one reads only its page (see index-entries.ts), as a
   * composite index would. Changing it rewrites that DocType's index entries at `open`.
   */
  readonly listOrder?: ListOrders
}

export interface IndexedDbStore extends LocalStore {
  /** Document bodies and record values are stored encrypted (a passphrase was given). */
  readonly encrypted: boolean
}

/** `listOrder` as given: an object of DocType names to fieldnames, copied so it cannot change under the store. */
function checkListOrder(given: unknown): ListOrders {
  if (given === undefined) return {}
  const entries = typeof given === 'object' && given !== null && !Array.isArray(given) ? Object.entries(given) : undefined
  if (!entries || entries.some(([, field]) => typeof field !== 'string' || field === '')) {
    throw new OutpostError('INVALID_ARGUMENT', 'listOrder must map DocType names to fieldnames, e.g. { "Sales Invoice": "posting_date" }')
  }
  return Object.freeze(Object.fromEntries(entries)) as ListOrders
}

/** Every `listOrder` field of a DocType the schema holds is one its lists can sort by (a value field or a standard column). */
function checkListFields(orders: ListOrders, schema: Schema): void {
  for (const [doctype, field] of Object.entries(orders)) {
    const meta = schema.get(doctype)
    if (meta && field !== 'name' && !sortPair(meta, orders)) {
      throw new OutpostError('INVALID_ARGUMENT', `listOrder: ${doctype} has no field ${field} to sort its lists by`)
    }
  }
}

function dependencies(options: IndexedDbStoreOptions): IndexedDbDeps {
  const g = globalThis as { indexedDB?: IndexedDbDeps['indexedDB']; IDBKeyRange?: IndexedDbDeps['IDBKeyRange'] }
  const indexedDB = options.indexedDB ?? g.indexedDB
  const IDBKeyRange = options.IDBKeyRange ?? g.IDBKeyRange
  if (!indexedDB || !IDBKeyRange) throw new OutpostError('INVALID_ARGUMENT', 'IndexedDB is not available here: pass indexedDB and IDBKeyRange (e.g. from fake-indexeddb)')
  return { indexedDB, IDBKeyRange }
}

/** `fn` with a scope that ends with it; IndexedDB failures become OutpostErrors where they mean something. */
async function scoped<T>(conn: Connection, memory: SessionMemory, mode: 'readonly' | 'readwrite', fn: (scope: TxScope) => Promise<T>): Promise<T> {
  const tables = await conn.tables()
  const reads = new ReadSession(tables, conn.name, conn.keyRange, memory, mode)
  const scope: TxScope = { tables, storeName: conn.name, schema: conn.schema, reads, active: true }
  try {
    return await fn(scope)
  } catch (e) {
    throw storeFailure(conn.name, e)
  } finally {
    scope.active = false
  }
}

/**
 * `fn` runs against a WriteBuffer; when it returns, its changes are applied in one IndexedDB
 * transaction. Buffering (rather than running `fn` inside a Dexie transaction) is what keeps
 * a write atomic whatever `fn` awaits: an IndexedDB transaction commits on its own as soon as
 * no request is pending, so a hook awaiting a timer or the network inside one would commit
 * half the write and fail the rest (Dexie's zones keep a transaction alive across its own
 * promises only). Reads inside `fn` see its own changes over committed data, and no other
 * write commits meanwhile: the StoreLock serialises writes, across tabs where Web Locks exist.
 */
async function bufferedWrite<T>(scope: TxScope, fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
  const buffer = new WriteBuffer()
  // asked for beside fn's first reads: its link checks wait on it, and a flush of documents
  // reads it anyway. Asked for later, it would be a round trip of its own in every save.
  scope.reads.generation()
  const result = await fn(bufferedWriter(scope, diskReader(scope), buffer))
  scope.active = false
  await flush(scope, buffer)
  return result
}

/**
 * A LocalStore in one IndexedDB database (Dexie 4). Records work as soon as it is made;
 * documents once `open` has the schema. A database that is damaged, not Outpost's, or written
 * by a newer version fails every call with STORE_CORRUPT until the caller decides: `destroy()`
 * deletes it, nothing is reset silently. A write refused for quota fails with STORE_FULL and
 * leaves nothing of itself behind. With `encryption`, a new database is encrypted; an
 * encrypted one opened without its passphrase, or with a wrong one, fails with STORE_LOCKED,
 * and a plain one opened with a passphrase with INVALID_ARGUMENT: none is changed.
 */
export function indexedDbStore(options: IndexedDbStoreOptions): IndexedDbStore {
  const { name, encryption } = options
  if (typeof name !== 'string' || name === '') throw new OutpostError('INVALID_ARGUMENT', 'indexedDbStore needs a database name')
  if (encryption !== undefined) checkEncryptionOptions(encryption)
  const listOrders = checkListOrder(options.listOrder)
  const conn = new Connection(dependencies(options), name, { encryption, listOrders })
  const lock = new StoreLock(name, options.locks ?? defaultLocks())
  const memory = new SessionMemory()
  return {
    encrypted: encryption !== undefined,
    // IndexedDB keeps data across restarts (a browser may evict it under storage pressure unless
    // the origin's storage is persisted: requestPersistentStorage); indexed filters and sorts
    // read indexes.
    capabilities: { persistent: true, indexedQueries: true },
    open: (schema) => lock.run('exclusive', async () => {
      conn.reopen()
      memory.linkTargets.forget()
      checkListFields(listOrders, schema)
      await scoped(conn, memory, 'readonly', (scope) => applySchema(scope.tables, name, schema))
      conn.schema = schema
    }),
    read: (fn) => lock.run('shared', () => scoped(conn, memory, 'readonly', (scope) => fn(diskReader(scope)))),
    write: (fn) => lock.run('exclusive', () => scoped(conn, memory, 'readwrite', (scope) => bufferedWrite(scope, fn))),
    close: () => lock.run('exclusive', async () => {
      memory.linkTargets.forget()
      conn.close()
    }),
    destroy: () => lock.run('exclusive', () => {
      memory.linkTargets.forget()
      return conn.destroy()
    }),
  }
}
