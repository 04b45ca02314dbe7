import type { Schema } from '@outpost/meta'
import type { SqlTx } from '../db/sql-db.ts'
import { descendantsSql } from '../query/tree-filter.ts'

export const ADMINISTRATOR = 'Administrator'
export const GUEST = 'Guest'

interface UserPermissionRow {
  readonly allow: string
  readonly for_value: string
  readonly applicable_for: string | null
  readonly apply_to_all_doctypes: number
  readonly hide_descendants: number
}

/** Who is asking, with roles and User Permissions resolved once per request. */
export interface UserContext {
  readonly name: string
  readonly roles: ReadonlySet<string>
  readonly isAdmin: boolean
  /**
   * Values of `allowedDoctype` this user may see when looking at `forDoctype`, tree
   * descendants included; undefined when the user is not restricted on that doctype.
   */
  allowedValues(allowedDoctype: string, forDoctype: string): ReadonlySet<string> | undefined
  readonly restrictedDoctypes: ReadonlySet<string>
}

async function descendants(tx: SqlTx, schema: Schema, doctype: string, name: string): Promise<string[]> {
  const tree = schema.get(doctype)
  if (!tree?.isTree) return []
  const rows = await tx.all<{ n: string }>(descendantsSql(tree), [name])
  return rows.map((r) => r.n)
}

export async function loadUserContext(tx: SqlTx, schema: Schema, user: string): Promise<UserContext> {
  const isAdmin = user === ADMINISTRATOR
  const roleRows = user === GUEST ? [] : await tx.all<{ role: string }>(`SELECT "role" FROM "__has_role" WHERE "user" = ?`, [user])
  const roles = new Set<string>(user === GUEST ? [GUEST] : ['All', GUEST, ...roleRows.map((r) => r.role)])
  const rows = isAdmin ? [] : await tx.all<UserPermissionRow & Record<string, string | number | null>>(
    `SELECT "allow", "for_value", "applicable_for", "apply_to_all_doctypes", "hide_descendants" FROM "__user_permission" WHERE "user" = ?`, [user])
  const expanded: { row: UserPermissionRow; values: string[] }[] = []
  for (const row of rows) {
    const extra = row.hide_descendants ? [] : await descendants(tx, schema, row.allow, row.for_value)
    expanded.push({ row, values: [row.for_value, ...extra] })
  }
  const cache = new Map<string, ReadonlySet<string> | undefined>()
  return {
    name: user,
    roles,
    isAdmin,
    restrictedDoctypes: new Set(rows.map((r) => r.allow)),
    allowedValues(allowedDoctype, forDoctype) {
      const key = `${allowedDoctype}\u0000${forDoctype}`
      if (cache.has(key)) return cache.get(key)
      const applicable = expanded.filter(({ row }) => row.allow === allowedDoctype && (row.apply_to_all_doctypes || row.applicable_for === forDoctype))
      const result = applicable.length ? new Set(applicable.flatMap((a) => a.values)) : undefined
      cache.set(key, result)
      return result
    },
  }
}
