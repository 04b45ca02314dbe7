import type { StoreReader, StoreWriter } from '../ports/local-store.ts'
import type { FieldConflict } from '../conflicts/merge.ts'

/**
 * The Sync Conflict log: local values a sync overwrote. Each entry can be resolved by
 * re-applying the local values (a new local update) or by accepting the server's.
 */
export interface SyncConflictEntry {
  readonly id: string
  readonly doctype: string
  readonly name: string
  readonly fields: readonly FieldConflict[]
  readonly serverModified: string | undefined
  readonly at: number
}

export const CONFLICT = 'conflict'

export async function listConflicts(tx: StoreReader): Promise<SyncConflictEntry[]> {
  return (await tx.listRecords<SyncConflictEntry>(CONFLICT)).map((r) => r.value).sort((a, b) => a.at - b.at)
}

export function putConflict(tx: StoreWriter, entry: SyncConflictEntry): Promise<void> {
  return tx.putRecord(CONFLICT, entry.id, entry)
}

export function deleteConflict(tx: StoreWriter, id: string): Promise<void> {
  return tx.deleteRecord(CONFLICT, id)
}
