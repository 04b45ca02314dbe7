/**
 * The native IndexedDB calls the hot paths make beside Dexie (reads reusing one transaction,
 * the flush), typed structurally: the package compiles without DOM typings.
 */
export interface NativeRequest<T = unknown> {
  readonly result: T
  readonly error: unknown
  onsuccess: (() => void) | null
  onerror: ((event: { preventDefault(): void }) => void) | null
}

export interface NativeObjectStore {
  get(key: unknown): NativeRequest
  count(range?: unknown): NativeRequest<number>
  put(value: unknown): NativeRequest
  delete(key: unknown): NativeRequest
}

export interface NativeTransaction {
  readonly error: unknown
  objectStore(name: string): NativeObjectStore
  abort(): void
  oncomplete: (() => void) | null
  onerror: (() => void) | null
  onabort: (() => void) | null
}

export interface NativeDatabase {
  transaction(stores: readonly string[], mode: 'readonly' | 'readwrite'): NativeTransaction
}

export function requested<T>(req: NativeRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

/** Resolves when `tx` commits; rejects with its error (or an AbortError) when it aborts. */
export function completion(tx: NativeTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onabort = () => reject(tx.error ?? abortError())
  })
}

function abortError(): Error {
  const e = new Error('The transaction was aborted')
  e.name = 'AbortError'
  return e
}

/** The errors a request throws when its transaction is no longer active or has finished. */
export function isInactive(e: unknown): boolean {
  const name = (e as { name?: unknown } | null)?.name
  return name === 'TransactionInactiveError' || name === 'InvalidStateError'
}
