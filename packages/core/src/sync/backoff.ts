/** Exponential backoff with full jitter, at least what `Retry-After` asked for. */
export function backoffMs(attempts: number, random: number, retryAfterMs: number | undefined): number {
  const cap = 5 * 60_000
  const exp = Math.min(cap, 1000 * 2 ** Math.max(0, attempts - 1))
  const jittered = Math.floor(exp / 2 + random * (exp / 2))
  return Math.max(jittered, retryAfterMs ?? 0)
}

/**
 * A queued mutation still waits out its backoff at `now`. In a sync someone asked for
 * (`retryBackoff`), only a wait the server asked for (`Retry-After`) still counts.
 */
export function waitsOut(m: { readonly notBefore: number; readonly retryAfter?: number | undefined }, now: number, retryBackoff: boolean): boolean {
  return (retryBackoff ? (m.retryAfter ?? 0) : m.notBefore) > now
}
