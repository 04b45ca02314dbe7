import type { SqlTx } from '../db/sql-db.ts'

/**
 * Temp names the server resolved: `new-<doctype-slug>-<uuid>` → the name an accepted insert
 * got. Recorded in the insert's transaction; a later rename of the document follows.
 */
const TEMP_NAME = /^new-[a-z0-9-]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A name given offline (the same pattern as @outpost/core's `isTempName`). */
export function isTempName(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('new-') && value.length < 200 && TEMP_NAME.test(value)
}

export interface ResolvedTempName {
  readonly doctype: string
  readonly name: string
}

/** Record `tempName` → `name`; false when the temp name was resolved before (it stays as it was). */
export async function recordTempName(tx: SqlTx, tempName: string, doctype: string, name: string, now: string): Promise<boolean> {
  const { changes } = await tx.run(
    `INSERT INTO "__outpost_temp_name" ("temp_name", "doctype", "name", "created") VALUES (?, ?, ?, ?) ON CONFLICT ("temp_name") DO NOTHING`, [tempName, doctype, name, now])
  return changes > 0
}

/** The server names of those of `tempNames` that were resolved. */
export async function resolveTempNames(tx: SqlTx, tempNames: readonly string[]): Promise<Map<string, ResolvedTempName>> {
  const out = new Map<string, ResolvedTempName>()
  for (let i = 0; i < tempNames.length; i += 500) {
    const part = tempNames.slice(i, i + 500)
    const rows = await tx.all<{ temp_name: string; doctype: string; name: string }>(
      `SELECT "temp_name", "doctype", "name" FROM "__outpost_temp_name" WHERE "temp_name" IN (${part.map(() => '?').join(', ')})`, part)
    for (const r of rows) out.set(r.temp_name, { doctype: r.doctype, name: r.name })
  }
  return out
}

/** A renamed document keeps answering to its temp name. */
export async function retargetTempNames(tx: SqlTx, doctype: string, oldName: string, newName: string): Promise<void> {
  await tx.run(`UPDATE "__outpost_temp_name" SET "name" = ? WHERE "doctype" = ? AND "name" = ?`, [newName, doctype, oldName])
}
