import { statSync } from 'node:fs'
import type Database from 'better-sqlite3'
import { CheckpointWorker } from '@outpost/store-sqlite'

/** A WAL past this size is copied into the database by the worker while writes go on. */
export const WAL_CAP_BYTES = 64 * 1024 * 1024
/** The WAL size is looked at every this many write transactions. */
const COMMITS_BETWEEN_LOOKS = 8

/**
 * WAL checkpoints beside the writes. SQLite's automatic checkpoint runs inside the commit that
 * crosses its threshold, on the one thread that serves every request: a push of thousands of
 * documents wrote hundreds of megabytes of WAL, and each copy (and its fsync) held every
 * request up. Here a worker thread with its own connection copies a WAL past the cap while
 * the writes go on; the frames written meanwhile are copied after the next commit (little
 * work), so that the WAL restarts from its beginning. A WAL past four times the cap (writes
 * outrunning the worker) is copied at once; `close` copies what is left.
 */
export class WalCheckpointer {
  #worker: CheckpointWorker | undefined
  #tailPending = false
  #commits = 0

  constructor(private readonly db: Database.Database, private readonly path: string, private readonly capBytes = WAL_CAP_BYTES) {
    // A WAL that grew past the cap during a burst shrinks back to it when it restarts.
    db.pragma(`journal_size_limit = ${Math.max(0, Math.floor(capBytes))}`)
  }

  #walBytes(): number {
    try {
      return statSync(`${this.path}-wal`).size
    } catch {
      return 0
    }
  }

  /** Call after a write transaction committed, outside any transaction. */
  afterCommit(): void {
    if (this.path === ':memory:' || this.path === '') return
    if (this.#tailPending) {
      this.#tailPending = false
      this.db.pragma('wal_checkpoint(PASSIVE)')
      return
    }
    if (++this.#commits % COMMITS_BETWEEN_LOOKS !== 0) return
    const size = this.#walBytes()
    if (size > 4 * this.capBytes) this.db.pragma('wal_checkpoint(TRUNCATE)')
    else if (size > this.capBytes) this.#copyInBackground()
  }

  #copyInBackground(): void {
    // The replica store's worker: PASSIVE copies on a connection of its own; the frames written
    // meanwhile are copied after the next commit.
    this.#worker ??= new CheckpointWorker(this.path, () => (this.#tailPending = true))
    this.#worker.request()
  }

  /** Stops the worker; the caller's close then copies and removes the WAL. */
  async stop(): Promise<void> {
    const worker = this.#worker
    this.#worker = undefined
    await worker?.stop()
  }
}
