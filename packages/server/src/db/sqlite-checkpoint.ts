import { statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'

/** A WAL past this size is copied into the database by the worker while writes go on. */
export const WAL_CAP_BYTES = 64 * 1024 * 1024
/** The WAL size is looked at every this many write transactions. */
const COMMITS_BETWEEN_LOOKS = 8

/**
 * The worker's code, inline (CommonJS) so it runs the same from sources and from the build:
 * PASSIVE checkpoints on a connection of its own, repeated while writes keep adding frames.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const db = new Database(workerData.path, { fileMustExist: true })
db.pragma('busy_timeout = 5000')
function copy() {
  let last = -1
  for (let pass = 0; pass < 8; pass++) {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    if (!r || r.busy || (r.log === last && r.checkpointed === r.log)) return
    last = r.log
  }
}
parentPort.on('message', (msg) => {
  if (msg === 'close') { db.close(); parentPort.close(); return }
  try { copy(); parentPort.postMessage('done') }
  catch (e) { parentPort.postMessage('failed: ' + (e && e.message)) }
})
`

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
  #worker: Worker | undefined
  #exited: Promise<void> | undefined
  #busy = false
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
    if (this.#busy) return
    if (!this.#worker) {
      const module = createRequire(import.meta.url).resolve('better-sqlite3')
      const worker = new Worker(WORKER_CODE, { eval: true, workerData: { path: this.path, module } })
      worker.unref()
      worker.on('message', () => {
        this.#busy = false
        this.#tailPending = true
      })
      // A failed background copy is not a failed request: the next look asks again.
      worker.on('error', () => {
        this.#busy = false
      })
      this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()))
      this.#worker = worker
    }
    this.#busy = true
    this.#worker.postMessage('checkpoint')
  }

  /** Stops the worker; the caller's close then copies and removes the WAL. */
  async stop(): Promise<void> {
    const worker = this.#worker
    this.#worker = undefined
    if (!worker) return
    worker.ref()
    worker.postMessage('close')
    await this.#exited
  }
}
