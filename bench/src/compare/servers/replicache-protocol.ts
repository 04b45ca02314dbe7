import { randomUUID } from 'node:crypto'
import type { Doc } from '@outpost/meta'
import { qtyViolation } from '../offline-batch.ts'
import type { PeerStore } from './sqlite-peer-store.ts'

/**
 * A Replicache 15 push/pull endpoint after its documented row-version strategy: every row has a
 * version; a pull diffs the rows' versions against the client view record (CVR) named by the
 * request's cookie, answers puts and dels for the difference, and keeps the new CVR. Each
 * mutation runs in its own transaction; one the server refuses is logged and skipped (its
 * mutation id still counts), as Replicache's docs prescribe for permanent errors.
 */
interface Mutation {
  readonly clientID: string
  readonly id: number
  readonly name: string
  readonly args: { readonly key: string; readonly value: Doc }
}

interface Cvr {
  readonly rows: Map<string, number>
  readonly clients: Map<string, number>
}

export class ReplicacheEndpoint {
  private readonly cvrs = new Map<string, Cvr>()
  constructor(private readonly store: PeerStore) {
    store.db.exec(`
      CREATE TABLE IF NOT EXISTS rc_client_group (id TEXT PRIMARY KEY, cvr_version INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS rc_client (id TEXT PRIMARY KEY, client_group_id TEXT NOT NULL, last_mutation_id INTEGER NOT NULL);`)
  }

  push(body: { clientGroupID: string; mutations: readonly Mutation[] }): Record<string, never> {
    const db = this.store.db
    for (const m of body.mutations) {
      db.transaction(() => {
        const client = db.prepare('SELECT last_mutation_id AS lmid FROM rc_client WHERE id = ?').get(m.clientID) as { lmid: number } | undefined
        const lmid = client?.lmid ?? 0
        if (m.id <= lmid) return
        if (m.id > lmid + 1) throw new Error(`mutation ${m.id} from ${m.clientID} is out of order (last ${lmid})`)
        this.apply(m)
        db.prepare('INSERT INTO rc_client (id, client_group_id, last_mutation_id) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_mutation_id = excluded.last_mutation_id').run(m.clientID, body.clientGroupID, m.id)
      })()
    }
    return {}
  }

  private apply(m: Mutation): void {
    if (m.name !== 'putDoc') return
    const doc = m.args.value
    const reason = doc['doctype'] === 'Sales Invoice' ? qtyViolation(doc) : undefined
    if (reason !== undefined) {
      this.store.db.prepare('INSERT INTO refused (key, reason) VALUES (?, ?)').run(m.args.key, reason)
      return
    }
    this.store.put(String(doc['doctype']), doc)
  }

  /** The pull answer, written as JSON text piece by piece (a boot answer holds every document). */
  pull(body: { clientGroupID: string; cookie: { order: number; cvrID: string } | null }): string[] {
    const db = this.store.db
    const base = body.cookie ? this.cvrs.get(body.cookie.cvrID) : undefined
    return db.transaction(() => {
      const group = db.prepare('SELECT cvr_version AS v FROM rc_client_group WHERE id = ?').get(body.clientGroupID) as { v: number } | undefined
      const rows = new Map((db.prepare('SELECT key, version FROM docs WHERE deleted = 0').raw().all() as [string, number][]))
      const clients = new Map(db.prepare('SELECT id, last_mutation_id FROM rc_client WHERE client_group_id = ?').raw().all(body.clientGroupID) as [string, number][])
      const puts = [...rows].filter(([k, v]) => base?.rows.get(k) !== v).map(([k]) => k)
      const dels = base ? [...base.rows.keys()].filter((k) => !rows.has(k)) : []
      const changedClients = [...clients].filter(([id, lmid]) => base?.clients.get(id) !== lmid)
      if (base && body.cookie && puts.length === 0 && dels.length === 0 && changedClients.length === 0) {
        return [JSON.stringify({ cookie: body.cookie, lastMutationIDChanges: {}, patch: [] })]
      }
      const order = Math.max(body.cookie?.order ?? 0, group?.v ?? 0) + 1
      db.prepare('INSERT INTO rc_client_group (id, cvr_version) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET cvr_version = excluded.cvr_version').run(body.clientGroupID, order)
      const cvrID = randomUUID()
      this.cvrs.set(cvrID, { rows, clients })
      const parts = [`{"cookie":${JSON.stringify({ order, cvrID })},"lastMutationIDChanges":${JSON.stringify(Object.fromEntries(changedClients))},"patch":[`]
      const ops: string[] = dels.map((key) => JSON.stringify({ op: 'del', key }))
      const get = db.prepare('SELECT json FROM docs WHERE key = ?').pluck()
      for (const key of puts) ops.push(`{"op":"put","key":${JSON.stringify(key)},"value":${get.get(key) as string}}`)
      for (let i = 0; i < ops.length; i++) parts.push(i === 0 ? ops[i]! : `,${ops[i]!}`)
      parts.push(']}')
      return parts
    })()
  }
}
