import type { LeaderLock, Lease, PendingLease } from '@outpost/core'

/** The part of the Web Locks API (`navigator.locks`) leadership needs. */
export interface LeaderLockManager {
  request(
    name: string,
    options: { readonly ifAvailable?: boolean; readonly steal?: boolean; readonly signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<void>
}

type Mode = 'wait' | 'if-available' | 'steal'

function requestLease(locks: LeaderLockManager, name: string, mode: Mode): PendingLease {
  const controller = new AbortController()
  let release: () => void = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  let resolveLease: (lease: Lease | undefined) => void = () => {}
  const lease = new Promise<Lease | undefined>((resolve) => (resolveLease = resolve))
  const options = mode === 'steal' ? { steal: true } : mode === 'if-available' ? { ifAvailable: true } : { signal: controller.signal }
  const granted = locks.request(name, options, async (lock) => {
    if (lock === null) return resolveLease(undefined)
    resolveLease({ lost, release })
    // Held until released; a steal rejects `granted` instead.
    await held
  })
  // Settles once this tab no longer holds the lock: released, stolen, or aborted while waiting.
  const lost: Promise<void> = granted.then(() => undefined, () => undefined)
  granted.catch(() => resolveLease(undefined))
  return { lease, cancel: () => controller.abort() }
}

/**
 * Leadership over the Web Locks API: the lock frees itself when its tab closes or crashes,
 * `steal` takes it from a tab that stopped answering (that tab's request is rejected).
 */
export function webLocksLeader(name: string, locks: LeaderLockManager | undefined = defaultLockManager()): LeaderLock {
  if (!locks) throw new Error('webLocksLeader: this browser has no Web Locks API (navigator.locks)')
  return {
    tryAcquire: () => requestLease(locks, name, 'if-available').lease,
    acquire: ({ steal }) => requestLease(locks, name, steal ? 'steal' : 'wait'),
  }
}

export function defaultLockManager(): LeaderLockManager | undefined {
  return (globalThis as { navigator?: { locks?: LeaderLockManager } }).navigator?.locks
}
