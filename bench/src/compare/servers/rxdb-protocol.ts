import type { Doc } from '@outpost/meta'
import { qtyViolation } from '../offline-batch.ts'
import type { PeerStore } from './sqlite-peer-store.ts'

/**
 * An RxDB 17 replication endpoint (the protocol of `replicateRxCollection`): pull answers the
 * documents of a collection changed after a checkpoint (the row version), deletions included;
 * push writes each row unless the server's state differs from the client's assumed master
 * state, and answers those conflicts. A document the server refuses can only be answered as a
 * conflict: its master state is "deleted", so the client's conflict handler drops it.
 */
interface PushRow {
  readonly assumedMasterState?: Doc | null
  readonly newDocumentState: Doc
}

type Checkpoint = { readonly version: number } | null

export class RxdbEndpoint {
  constructor(private readonly store: PeerStore) {}

  pull(body: { collection: string; checkpoint: Checkpoint; limit: number }): { documents: Doc[]; checkpoint: Checkpoint } {
    const rows = this.store.db.prepare('SELECT json, version, deleted FROM docs WHERE collection = ? AND version > ? ORDER BY version LIMIT ?')
      .all(body.collection, body.checkpoint?.version ?? 0, body.limit) as { json: string; version: number; deleted: number }[]
    const last = rows[rows.length - 1]
    return {
      documents: rows.map((r) => ({ ...(JSON.parse(r.json) as Doc), _deleted: r.deleted === 1 })),
      checkpoint: last ? { version: last.version } : body.checkpoint,
    }
  }

  push(body: { collection: string; rows: readonly PushRow[] }): Doc[] {
    const conflicts: Doc[] = []
    this.store.db.transaction(() => {
      for (const row of body.rows) {
        const next = row.newDocumentState
        const current = this.store.get(String(next['id']))
        const master: Doc | undefined = current ? { ...(JSON.parse(current.json) as Doc), _deleted: current.deleted === 1 } : undefined
        const assumed = row.assumedMasterState ?? undefined
        if (master && !master['_deleted'] && (assumed === undefined || assumed['modified'] !== master['modified'])) {
          conflicts.push(master)
          continue
        }
        const reason = next['doctype'] === 'Sales Invoice' && !next['_deleted'] ? qtyViolation(next) : undefined
        if (reason !== undefined) {
          this.store.db.prepare('INSERT INTO refused (key, reason) VALUES (?, ?)').run(String(next['id']), reason)
          conflicts.push({ ...next, _deleted: true })
          continue
        }
        const { _deleted: deleted, ...doc } = next
        this.store.put(String(next['doctype']), doc, deleted === true)
      }
    })()
    return conflicts
  }
}
