import type { SqlTx } from '../db/sql-db.ts'

/**
 * The change log of the sync protocol (docs/sync-protocol.md): one entry per committed
 * document change, appended inside the transaction that made the change. SQLite has one
 * writer at a time, so the seq taken inside the write transaction is commit order.
 */
export type ChangeOp = 'insert' | 'update' | 'delete' | 'submit' | 'cancel' | 'rename'

/** Pseudo-doctypes of entries that change what a user may read; `name` is the user. */
export const USER_PERMISSION_CHANGE = 'User Permission'
export const ROLE_CHANGE = 'Has Role'

export interface ChangeEntry {
  readonly seq: number
  readonly doctype: string
  readonly name: string
  readonly op: ChangeOp
  /** rename: the old name; a User Permission entry: the restricted DocType, when known. */
  readonly fromName: string | null
}

export type NewChange = Omit<ChangeEntry, 'seq' | 'fromName'> & { readonly fromName?: string | null }

export async function appendChange(tx: SqlTx, change: NewChange): Promise<void> {
  await tx.run(`INSERT INTO "__outpost_change" ("doctype", "name", "op", "from_name") VALUES (?, ?, ?, ?)`,
    [change.doctype, change.name, change.op, change.fromName ?? null])
}

/** The newest seq, 0 on an empty log. */
export async function lastSeq(tx: SqlTx): Promise<number> {
  const row = await tx.get<{ seq: number | null }>(`SELECT max("seq") AS "seq" FROM "__outpost_change"`)
  return Number(row?.seq ?? 0)
}

/** Which entries a pull reads: its DocTypes' documents, and the caller's permission changes. */
export interface ChangeScope {
  readonly doctypes: readonly string[]
  readonly user: string
}

function scopeSql(scope: ChangeScope): { sql: string; params: string[] } {
  const marks = scope.doctypes.map(() => '?').join(', ')
  return {
    sql: `("doctype" IN (${marks}) OR ("doctype" IN (?, ?) AND "name" = ?))`,
    params: [...scope.doctypes, USER_PERMISSION_CHANGE, ROLE_CHANGE, scope.user],
  }
}

interface ChangeRow extends Record<string, string | number | null> {
  seq: number
  doctype: string
  name: string
  op: string
  from_name: string | null
}

/** Up to `limit` entries after `after`, in seq order. */
export async function readChanges(tx: SqlTx, scope: ChangeScope, after: number, limit: number): Promise<ChangeEntry[]> {
  const where = scopeSql(scope)
  const rows = await tx.all<ChangeRow>(
    `SELECT "seq", "doctype", "name", "op", "from_name" FROM "__outpost_change" WHERE "seq" > ? AND ${where.sql} ORDER BY "seq" LIMIT ?`,
    [after, ...where.params, limit])
  return rows.map((r) => ({ seq: Number(r.seq), doctype: r.doctype, name: r.name, op: r.op as ChangeOp, fromName: r.from_name }))
}

/** How many entries after `after` the scope holds (a progress estimate). */
export async function countChanges(tx: SqlTx, scope: ChangeScope, after: number): Promise<number> {
  const where = scopeSql(scope)
  const row = await tx.get<{ n: number }>(`SELECT count(*) AS "n" FROM "__outpost_change" WHERE "seq" > ? AND ${where.sql}`, [after, ...where.params])
  return Number(row?.n ?? 0)
}
