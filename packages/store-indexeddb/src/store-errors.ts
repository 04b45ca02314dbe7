import { OutpostError, type OutpostErrorCode } from '@outpost/core'

/** The code of the error a write gets when the browser refuses more storage. */
export const STORE_FULL: OutpostErrorCode = 'STORE_FULL'

/** True for the error a write rejects with when the origin's storage quota is used up. */
export function isStoreFull(e: unknown): boolean {
  return e instanceof OutpostError && e.code === STORE_FULL
}

/** The code of the error an encrypted store gives without its passphrase or with a wrong one. */
export const STORE_LOCKED: OutpostErrorCode = 'STORE_LOCKED'

/** True for the error opening an encrypted store without its passphrase, or with a wrong one. */
export function isStoreLocked(e: unknown): boolean {
  return e instanceof OutpostError && e.code === STORE_LOCKED
}

export function lockedError(name: string, detail: string): OutpostError {
  return new OutpostError(STORE_LOCKED, `The local store ${name} ${detail}; nothing in it was changed`)
}

interface ErrorLike {
  readonly name?: unknown
  readonly code?: unknown
  readonly inner?: unknown
  readonly cause?: unknown
  readonly failures?: unknown
}

const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED', 'NS_ERROR_FILE_NO_DEVICE_SPACE'])

/**
 * Whether `e`, or an error it wraps, is the browser refusing more storage. Dexie wraps the
 * DOMException (`inner`), a bulk write reports it per item (`failures`), and an aborted
 * transaction carries it as its cause; legacy engines used code 22.
 */
export function isQuotaError(e: unknown, depth = 0): boolean {
  if (e === null || typeof e !== 'object' || depth > 5) return false
  const err = e as ErrorLike
  if (typeof err.name === 'string' && QUOTA_NAMES.has(err.name)) return true
  if (err.code === 22 && err.name !== 'AbortError') return true
  const failures = Array.isArray(err.failures) ? err.failures : []
  return [err.inner, err.cause, ...failures].some((inner) => isQuotaError(inner, depth + 1))
}

export function quotaError(name: string, cause: unknown): OutpostError {
  return new OutpostError(STORE_FULL, `The browser refused to store more data for the local store ${name} (storage quota exceeded); nothing of this write was kept. Free space or ask for persistent storage, then try again.`, { cause })
}

export function corruptError(name: string, detail: string, cause?: unknown): OutpostError {
  return new OutpostError('STORE_CORRUPT', `The local store ${name} ${detail}`, cause === undefined ? {} : { cause })
}

export function closedError(detail = 'The local store is closed'): OutpostError {
  return new OutpostError('STORE_CLOSED', detail)
}

const errorName = (e: unknown): string | undefined => {
  const name = (e as ErrorLike | null)?.name
  return typeof name === 'string' ? name : undefined
}

/** Dexie and IndexedDB failures a caller can act on, as OutpostErrors; anything else unchanged. */
export function storeFailure(name: string, e: unknown): unknown {
  if (e instanceof OutpostError) return e
  if (isQuotaError(e)) return quotaError(name, e)
  const kind = errorName(e)
  if (kind === 'DatabaseClosedError') return new OutpostError('STORE_CLOSED', `The local store ${name} was closed (by close(), destroy() or another tab deleting or upgrading it)`, { cause: e })
  if (kind === 'MissingAPIError') return new OutpostError('INVALID_ARGUMENT', 'IndexedDB is not available here: pass indexedDB and IDBKeyRange (e.g. from fake-indexeddb)', { cause: e })
  return e
}
