import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Checkpointer, type CopyWorker } from './checkpoint.ts'
import type { Connection } from './connection.ts'

const dir = mkdtempSync(join(tmpdir(), 'outpost-checkpoint-tail-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A checkpointer over a fake connection and worker, its cap 1,000 bytes, its WAL a file of `walBytes` bytes. */
function setUp(walBytes: number) {
  const path = join(dir, `db-${Math.random().toString(36).slice(2)}`)
  writeFileSync(`${path}-wal`, Buffer.alloc(walBytes))
  const onThisThread: string[] = []
  const conn = { db: { inTransaction: false, pragma: (sql: string) => onThisThread.push(sql) } } as unknown as Connection
  const worker = { requests: 0, onCopied: (_waitedMs: number): void => undefined }
  const fake: CopyWorker = { busy: false, request: () => void worker.requests++, stop: async () => undefined }
  const checkpoints = new Checkpointer(path, async (fn) => fn(), () => conn, 1000, (_p, onCopied) => {
    worker.onCopied = onCopied
    return fake
  })
  return { checkpoints, worker, onThisThread }
}

describe('WAL tail after a background copy', () => {
  it('is copied on this thread after the next commit when the worker’s answer came at once', async () => {
    const { checkpoints, worker, onThisThread } = setUp(2000)
    for (let i = 0; i < 32; i++) checkpoints.afterWrite()
    expect(worker.requests).toBe(1)
    worker.onCopied(0)
    checkpoints.afterWrite()
    expect(onThisThread).toEqual(['wal_checkpoint(PASSIVE)'])
    expect(worker.requests).toBe(1)
    await checkpoints.stop()
  })

  it('is left to the worker when its answer waited (this thread wrote on meanwhile, so the tail is long)', async () => {
    const { checkpoints, worker, onThisThread } = setUp(2000)
    for (let i = 0; i < 32; i++) checkpoints.afterWrite()
    worker.onCopied(500)
    expect(worker.requests).toBe(2)
    checkpoints.afterWrite()
    expect(onThisThread).toEqual([])
    // the worker's next answer comes in time: the little left is copied here
    worker.onCopied(0)
    checkpoints.afterWrite()
    expect(onThisThread).toEqual(['wal_checkpoint(PASSIVE)'])
    await checkpoints.stop()
  })
})
