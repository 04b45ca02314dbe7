import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * A worker thread with a connection of its own that copies the WAL into the database with
 * PASSIVE checkpoints. SQLite lets a checkpoint run beside a writer, so a burst of saves never
 * waits for the copy. The worker's code is inline (CommonJS) so it runs the same from sources
 * and from the build; it is given better-sqlite3's resolved path.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const db = new Database(workerData.path, { fileMustExist: true })
db.pragma('busy_timeout = 5000')
function copy() {
  // Writes go on during a pass. The WAL restarts only when a write begins with every frame
  // copied, so passes repeat until one finds nothing new (or the burst outpaces them).
  let last = -1
  for (let pass = 0; pass < 8; pass++) {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)')
    if (!r || r.busy || (r.log === last && r.checkpointed === r.log)) return
    last = r.log
  }
}
parentPort.on('message', (msg) => {
  if (msg === 'close') { db.close(); parentPort.close(); return }
  // When it finished, so the other side can tell how long the answer waited for it.
  try { copy(); parentPort.postMessage(Date.now()) }
  catch (e) { parentPort.postMessage('failed: ' + (e && e.message)) }
})
`

export class CheckpointWorker {
  readonly #worker: Worker
  #busy = false
  #exited: Promise<void>

  /** `onCopied` gets how long the answer waited for this thread, in ms (a busy thread reads it late). */
  constructor(path: string, onCopied: (waitedMs: number) => void) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3')
    this.#worker = new Worker(WORKER_CODE, { eval: true, workerData: { path, module } })
    this.#worker.unref()
    this.#worker.on('message', (finishedAt: unknown) => {
      this.#busy = false
      onCopied(typeof finishedAt === 'number' ? Math.max(0, Date.now() - finishedAt) : 0)
    })
    // A failed background copy is not a failed save: the next idle or close checkpoint retries it.
    this.#worker.on('error', () => {
      this.#busy = false
    })
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()))
  }

  get busy(): boolean {
    return this.#busy
  }

  /** Starts a checkpoint unless one is running. */
  request(): void {
    if (this.#busy) return
    this.#busy = true
    this.#worker.postMessage('checkpoint')
  }

  /** Closes the worker's connection; resolves once the thread has exited. */
  async stop(): Promise<void> {
    // Held (ref) until it exits: with nothing else pending, Node would otherwise end the
    // process while `close()` still waits for it.
    this.#worker.ref()
    this.#worker.postMessage('close')
    await this.#exited
  }
}
