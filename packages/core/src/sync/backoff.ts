/** Exponential backoff with full jitter, at least what `Retry-After` asked for. */
export function backoffMs(attempts: number, random: number, retryAfterMs: number | undefined): number {
  const cap = 5 * 60_000
  const exp = Math.min(cap, 1000 * 2 ** Math.max(0, attempts - 1))
  const jittered = Math.floor(exp / 2 + random * (exp / 2))
  return Math.max(jittered, retryAfterMs ?? 0)
}
