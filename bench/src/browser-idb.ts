/**
 * The few IndexedDB calls the page makes itself, typed structurally (the bench compiles
 * without DOM typings), and promised.
 */
export interface IdbRequest<T> {
  result: T
  error: unknown
  onsuccess: (() => void) | null
  onerror: (() => void) | null
}

export interface IdbObjectStore {
  put(value: unknown): IdbRequest<unknown>
  get(key: unknown): IdbRequest<unknown>
}

export interface IdbTransaction {
  objectStore(name: string): IdbObjectStore
  error: unknown
  oncomplete: (() => void) | null
  onerror: (() => void) | null
  onabort: (() => void) | null
}

export interface IdbDatabase {
  createObjectStore(name: string, options: { keyPath: string | string[] }): IdbObjectStore
  transaction(stores: string[], mode: 'readwrite', options?: { durability: 'default' | 'strict' | 'relaxed' }): IdbTransaction
  close(): void
}

interface IdbOpenRequest extends IdbRequest<IdbDatabase> {
  onupgradeneeded: (() => void) | null
  onblocked: (() => void) | null
}

interface IdbFactory {
  open(name: string, version?: number): IdbOpenRequest
  deleteDatabase(name: string): IdbOpenRequest
}

function factory(): IdbFactory {
  const idb = (globalThis as { indexedDB?: IdbFactory }).indexedDB
  if (!idb) throw new Error('IndexedDB is not available in this page')
  return idb
}

/** Open (creating with `upgrade`) the database `name` at version 1. */
export function openDb(name: string, upgrade: (db: IdbDatabase) => void): Promise<IdbDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory().open(name, 1)
    req.onupgradeneeded = () => upgrade(req.result)
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
    req.onblocked = () => reject(new Error(`opening ${name} is blocked by another connection`))
  })
}

/** Open the database `name` as it is (another connection to one the page already uses). */
export function openExistingDb(name: string): Promise<IdbDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory().open(name)
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

/** The answer to `req`. */
export function answer<T>(req: IdbRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

export function deleteDb(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = factory().deleteDatabase(name)
    req.onsuccess = () => resolve()
    req.onerror = () => reject(req.error)
    req.onblocked = () => reject(new Error(`deleting ${name} is blocked by an open connection`))
  })
}

/** Resolves when `tx` has committed; rejects when it aborts. */
export function committed(tx: IdbTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onerror = () => reject(tx.error)
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'))
  })
}
