import { OutpostError } from '../errors.ts'
import type { LocalStore } from '../ports/local-store.ts'

/** A store whose writes fail as a device out of room fails them (STORE_FULL, retryable) while `full.value` is set. */
export function fillableStore(inner: LocalStore, message = 'The device has no room left'): { store: LocalStore; full: { value: boolean } } {
  const full = { value: false }
  const write: LocalStore['write'] = (fn) => (full.value ? Promise.reject(new OutpostError('STORE_FULL', message, { retryable: true })) : inner.write(fn))
  return { store: { ...inner, write }, full }
}
