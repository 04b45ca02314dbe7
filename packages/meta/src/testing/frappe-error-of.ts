import { FrappeError } from '../errors.ts'

/** The FrappeError `fn` throws; fails loudly when it throws something else or nothing. */
export function frappeErrorOf(fn: () => unknown): FrappeError {
  try {
    fn()
  } catch (e) {
    if (e instanceof FrappeError) return e
    throw new Error(`expected a FrappeError, got ${String(e)}`, { cause: e })
  }
  throw new Error('expected a FrappeError, nothing was thrown')
}

/** The FrappeError a promise rejects with. */
export async function frappeRejectionOf(promise: Promise<unknown>): Promise<FrappeError> {
  try {
    await promise
  } catch (e) {
    if (e instanceof FrappeError) return e
    throw new Error(`expected a FrappeError, got ${String(e)}`, { cause: e })
  }
  throw new Error('expected a FrappeError, the promise resolved')
}
