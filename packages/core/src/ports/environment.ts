/**
 * What the engine takes from its host instead of using globals, so that tests and
 * simulations are exact: time, ids and waiting.
 */
export interface Environment {
  /** Milliseconds since the epoch. */
  now(): number
  /** A fresh RFC 4122 UUID (v4 or v7). */
  uuid(): string
  /** Resolve after `ms` milliseconds (virtual time in tests). */
  sleep(ms: number): Promise<void>
  /** A number in [0, 1) for backoff jitter. */
  random(): number
}
