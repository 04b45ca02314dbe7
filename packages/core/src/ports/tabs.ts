/**
 * Tabs: the ports through which replicas that share one local database (browser tabs of one
 * site and user) agree on who syncs. Browsers give them Web Locks and a BroadcastChannel.
 *
 * Guarantees a LeaderLock gives:
 * - At most one holder at a time, except that `steal` hands the lock over at once; the previous
 *   holder's `lost` then settles (perhaps only when that tab wakes up again).
 * - A lock whose holder closes or crashes is free again without anyone's help.
 *
 * Guarantees a TabChannel gives: a message posted reaches every other open tab on the channel,
 * once, in the order it was posted (not the poster itself). Messages are structured-cloned data:
 * a receiver must still check their shape.
 */
export interface LeaderLock {
  /** Leadership now if nobody holds it, else `undefined`. */
  tryAcquire(): Promise<Lease | undefined>
  /** Wait for leadership (`steal`: take it from a holder that stopped answering). */
  acquire(options: { readonly steal: boolean }): PendingLease
}

export interface Lease {
  /** Settles when this tab no longer leads: released, stolen or closed. */
  readonly lost: Promise<void>
  release(): void
}

export interface PendingLease {
  readonly lease: Promise<Lease | undefined>
  /** Stop waiting: `lease` resolves `undefined` unless it was already granted. */
  cancel(): void
}

export interface TabChannel {
  post(message: unknown): void
  listen(handler: (message: unknown) => void): () => void
  close(): void
}
