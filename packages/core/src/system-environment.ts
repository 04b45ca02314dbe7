import type { Environment } from './ports/environment.ts'
import { timeOrderedUuids } from './time-ordered-uuid.ts'

/**
 * The host's real clock, ids and timers: the default when a replica is not given an
 * Environment. The engine itself only ever calls the Environment it was handed.
 */
export function systemEnvironment(): Environment {
  const now = (): number => Date.now()
  return {
    now,
    // time-ordered, so the indexes holding ids grow at their end (time-ordered-uuid.ts)
    uuid: timeOrderedUuids(now, (n) => globalThis.crypto.getRandomValues(new Uint8Array(n))),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => Math.random(),
  }
}
