import { statSync } from 'node:fs'
import { CheckpointWorker } from './checkpoint-worker.ts'
import type { Connection } from './connection.ts'

/** A WAL past this size gets copied into the database while writes keep coming. */
export const WAL_CAP_BYTES = 64 * 1024 * 1024
/** Writes that go quiet this long get their WAL copied into the database. */
const IDLE_MS = 250
/** Background copies wait this many commits apart, so that the WAL can restart between them. */
const COMMITS_BETWEEN_COPIES = 32
/** A quiet WAL up to this size is copied on this thread at once; a larger one by the worker first. */
const QUIET_COPY_HERE_BYTES = 4 * 1024 * 1024
/**
 * A copy whose answer waited longer than this (the thread ran a long chain of writes without
 * turning to its messages) left a tail too large to copy here: the worker copies it too.
 */
const LATE_ANSWER_MS = 20

/** What the checkpointer needs of its worker thread (a test gives a fake). */
export interface CopyWorker {
  readonly busy: boolean
  request(): void
  stop(): Promise<void>
}

export type StartCopyWorker = (path: string, onCopied: (waitedMs: number) => void) => CopyWorker

const startWorker: StartCopyWorker = (path, onCopied) => new CheckpointWorker(path, onCopied)

/**
 * WAL checkpoints off the save path. SQLite's automatic checkpoint runs inside whichever
 * commit crosses 1000 pages, so about one save in sixty paid 10–20 ms for the others. Here:
 * - when writes go quiet, the WAL is copied and truncated (TRUNCATE) on this thread; a large one
 *   is copied by the worker first (a replica waiting for a server answer is quiet, and the copy
 *   would hold up the answer's settling), then truncated here if writes are still quiet;
 * - during a long burst, a WAL past the cap is copied by a worker thread (PASSIVE), beside the
 *   writes; the frames written meanwhile are copied here after the next commit, which is little
 *   work, so that the WAL can restart from its beginning. When this thread heard of the copy
 *   late (it wrote on without turning to its messages), the worker copies the tail as well;
 * - a WAL past four times the cap (a burst that outruns the worker) is copied here at once;
 * - on close, whatever is left is copied and the WAL emptied.
 */
export class Checkpointer {
  #timer: ReturnType<typeof setTimeout> | undefined
  #worker: CopyWorker | undefined
  #commits = 0
  #tailPending = false
  /** Commits so far, to tell whether writes stayed quiet while the worker copied. */
  #writes = 0
  #quietCopyAt: number | undefined

  constructor(
    private readonly path: string,
    private readonly runLocked: (fn: () => Promise<void>) => Promise<void>,
    private readonly connection: () => Connection | undefined,
    private readonly capBytes: number,
    private readonly start: StartCopyWorker = startWorker,
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
    this.#commits++
    this.#writes++
    if (this.#walBytes() > 4 * this.capBytes) this.checkpointNow()
    else if (this.#tailPending) this.#copyTail()
    else if (this.#commits >= COMMITS_BETWEEN_COPIES && this.#walBytes() > this.capBytes) this.#copyInBackground()
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.runLocked(async () => this.#copyWhenQuiet()).catch(() => undefined), IDLE_MS)
    this.#timer.unref()
  }

  #copyInBackground(): void {
    this.#worker ??= this.start(this.path, (waitedMs) => this.#copied(waitedMs))
    if (this.#worker.busy) return
    this.#commits = 0
    this.#worker.request()
  }

  #copyTail(): void {
    this.#tailPending = false
    const conn = this.connection()
    if (conn && !conn.db.inTransaction) conn.db.pragma('wal_checkpoint(PASSIVE)')
  }

  /**
   * The worker copied the WAL: if writes stayed quiet since a quiet copy began, truncate it; else
   * copy the tail after the next commit, or by the worker again when this thread heard late.
   */
  #copied(waitedMs: number): void {
    const began = this.#quietCopyAt
    this.#quietCopyAt = undefined
    if (began === undefined || began !== this.#writes) {
      if (waitedMs > LATE_ANSWER_MS) this.#copyInBackground()
      else this.#tailPending = true
      return
    }
    void this.runLocked(async () => {
      // The lock may have waited for a write: then the tail waits for the next commit too.
      if (began === this.#writes) this.checkpointNow()
      else this.#tailPending = true
    }).catch(() => undefined)
  }

  #copyWhenQuiet(): void {
    // A background copy still running: try again after the next quiet spell rather than wait here.
    if (this.#worker?.busy) return this.afterWrite()
    if (this.#walBytes() <= QUIET_COPY_HERE_BYTES) return this.checkpointNow()
    this.#quietCopyAt = this.#writes
    this.#copyInBackground()
  }

  /** Call inside the lock. */
  checkpointNow(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    this.#tailPending = false
    const conn = this.connection()
    if (conn && !conn.db.inTransaction) conn.db.pragma('wal_checkpoint(TRUNCATE)')
  }

  /** Call inside the lock, before the connection closes: stops the worker, then empties the WAL. */
  async stop(): Promise<void> {
    const worker = this.#worker
    this.#worker = undefined
    await worker?.stop()
    this.checkpointNow()
  }
}
