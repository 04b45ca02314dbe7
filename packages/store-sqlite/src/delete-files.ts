import { rmSync } from 'node:fs'

/** True for SQLite's in-memory and temporary databases, which have no file to delete. */
export function isFileless(path: string): boolean {
  return path === '' || path === ':memory:' || path.startsWith('file::memory:')
}

/** Remove a database file with its WAL, shared-memory and rollback-journal companions. */
export function deleteDatabaseFiles(path: string): void {
  if (isFileless(path)) return
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true })
}
