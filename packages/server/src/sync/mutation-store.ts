import { FrappeError } from '@outpost/meta'
import type { SqlTx } from '../db/sql-db.ts'
import { foldNocase } from '../storage/identifiers.ts'

/**
 * Accepted push results (their JSON) by mutation id, stored in the transaction that applied the mutation:
 * a repeated mutation id answers the stored result and applies nothing. Refusals are not
 * stored, so a mutation fixed and sent again is judged again.
 */
export async function storedResult(tx: SqlTx, mutationId: string, user: string): Promise<string | undefined> {
  const row = await tx.get<{ user: string; result: string }>(`SELECT "user", "result" FROM "__outpost_mutation" WHERE "mutation_id" = ?`, [mutationId])
  if (!row) return undefined
  // A mutation id is a client's random id: another user's answer is never handed out.
  if (foldNocase(row.user) !== foldNocase(user)) throw new FrappeError('PermissionError', `Mutation ${mutationId} was sent by another user`, { title: 'Not Permitted' })
  return row.result
}

/** Store an accepted result, serialized as it is answered. */
export async function storeResult(tx: SqlTx, mutationId: string, user: string, json: string, now: string): Promise<void> {
  await tx.run(`INSERT INTO "__outpost_mutation" ("mutation_id", "user", "result", "created") VALUES (?, ?, ?, ?)`, [mutationId, user, json, now])
}
