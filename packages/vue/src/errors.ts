import { OutpostError } from '@outpost/core'

/**
 * What lands in an `error` ref: always an OutpostError. A replica fails with one already;
 * anything else (a throwing `transform`, arguments of the wrong shape) is the caller's
 * mistake, kept as the cause.
 */
export function toOutpostError(e: unknown): OutpostError {
  if (e instanceof OutpostError) return e
  const message = e instanceof Error ? e.message : String(e)
  return new OutpostError('INVALID_ARGUMENT', message, { cause: e })
}

/** Run a caller's callback; one that throws is reported, never turned into a rejection. */
export function callHook<T>(hook: ((value: T) => void) | undefined, value: T): void {
  try {
    hook?.(value)
  } catch (e) {
    console.error('outpost: an onSuccess or onError callback threw', e)
  }
}
