/**
 * The native IndexedDB calls the hot paths make beside Dexie (reads sharing one transaction,
 * the flush), typed structurally: the package compiles without DOM typings.
 */
export interface NativeRequest<T = unknown> {
  readonly result: T
  readonly error: unknown
  onsuccess: (() => void) | null
  onerror: ((event: { preventDefault(): void }) => void) | null
}

export interface NativeCursor {
  readonly key: unknown
  readonly primaryKey: unknown
  readonly value: unknown
  continue(key?: unknown): void
}

export type CursorDirection = 'next' | 'prev'

/** What an object store and its indexes both answer. */
export interface NativeSource {
  get(key: unknown): NativeRequest
  getAllKeys(range?: unknown, count?: number): NativeRequest<unknown[]>
  count(range?: unknown): NativeRequest<number>
  openCursor(range?: unknown, direction?: CursorDirection): NativeRequest<NativeCursor | null>
  openKeyCursor(range?: unknown, direction?: CursorDirection): NativeRequest<NativeCursor | null>
}

export interface NativeObjectStore extends NativeSource {
  put(value: unknown): NativeRequest
  delete(key: unknown): NativeRequest
  index(name: string): NativeSource
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

/**
 * Walk a cursor: `visit` sees each entry and answers whether to go on (true), stop (false),
 * or jump to a key (`{ to }`). Resolves once the cursor stops or runs out; a throw in `visit`
 * rejects. Every step is a request in the cursor's transaction, so `visit` must not await.
 */
export function walk(req: NativeRequest<NativeCursor | null>, visit: (cursor: NativeCursor) => boolean | { to: unknown }): Promise<void> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      const cursor = req.result
      if (!cursor) return resolve()
      try {
        const next = visit(cursor)
        if (next === false) resolve()
        else if (next === true) cursor.continue()
        else cursor.continue(next.to)
      } catch (e) {
        reject(e)
      }
    }
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
