import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A temporary directory for test databases, and a fresh file path in it per call. */
export function tempDbDir(): { next(): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-sqlite-'))
  let n = 0
  return {
    next: () => join(dir, `store-${++n}.sqlite`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
