import { statSync } from 'node:fs'
import type { Connection } from './connection.ts'

/** A WAL past this size is copied into the database at once, even while writes keep coming. */
const WAL_CAP_BYTES = 16 * 1024 * 1024
/** Writes that go quiet this long get their WAL copied into the database. */
const IDLE_MS = 250

/**
 * WAL checkpoints off the save path. SQLite's automatic checkpoint runs inside whichever
 * commit crosses 1000 pages, so about one save in sixty paid 10–20 ms for the others; here the
 * copy runs when writes go quiet, when the WAL passes a cap, and on close. TRUNCATE empties the
 * WAL file, so its size tells how much is waiting.
 */
export class Checkpointer {
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor(
    private readonly path: string,
    private readonly runLocked: (fn: () => Promise<void>) => Promise<void>,
    private readonly connection: () => Connection | undefined,
  ) {}

  #walBytes(): number {
    try {
      return statSync(`${this.path}-wal`).size
    } catch {
      return 0
    }
  }

  /** Call inside the lock, after a commit. */
  afterWrite(): void {
    if (this.path === ':memory:') return
    if (this.#walBytes() > WAL_CAP_BYTES) {
      this.checkpointNow()
      return
    }
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.runLocked(async () => this.checkpointNow()).catch(() => undefined), IDLE_MS)
    this.#timer.unref()
  }

  /** Call inside the lock. */
  checkpointNow(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    const conn = this.connection()
    if (conn && !conn.db.inTransaction) conn.db.pragma('wal_checkpoint(TRUNCATE)')
  }
}
