import type { Environment } from './ports/environment.ts'

/**
 * The host's real clock, ids and timers: the default when a replica is not given an
 * Environment. The engine itself only ever calls the Environment it was handed.
 */
export function systemEnvironment(): Environment {
  return {
    now: () => Date.now(),
    uuid: () => globalThis.crypto.randomUUID(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: () => Math.random(),
  }
}
