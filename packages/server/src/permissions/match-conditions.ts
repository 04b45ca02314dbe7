import type { DocType } from '@outpost/meta'
import type { SqlValue } from '../db/sql-db.ts'
import { quoteIdent } from '../storage/identifiers.ts'
import { rolePermissions } from './role-permissions.ts'
import type { UserContext } from './user-context.ts'
import { notPermitted } from './has-permission.ts'

/**
 * The WHERE fragment Frappe's `build_match_conditions` adds to a list query:
 * owner-only rights, then User Permissions on `name` and on each Link field.
 */
export function matchConditions(doctype: DocType, alias: string, user: UserContext): { sql: string; params: SqlValue[] } {
  if (user.isAdmin) return { sql: '1 = 1', params: [] }
  const perms = rolePermissions(doctype, user)
  if (!perms.granted.has('read') && !perms.granted.has('select')) throw notPermitted(doctype.name, 'read')
  const parts: string[] = []
  const params: SqlValue[] = []
  // Frappe's requires_owner_constraint: unless read or select is held without if_owner
  const unrestricted = (['read', 'select'] as const).some((p) => perms.granted.has(p) && !perms.ownerOnly.has(p))
  if (!unrestricted) {
    parts.push(`${alias}."owner" = ?`)
    params.push(user.name)
  }
  const own = user.allowedValues(doctype.name, doctype.name)
  if (own) {
    parts.push(`${alias}."name" IN (${[...own].map(() => '?').join(', ')})`)
    params.push(...own)
  }
  for (const f of doctype.linkFields) {
    if (f.fieldtype !== 'Link' || f.ignoreUserPermissions) continue
    const allowed = user.allowedValues(f.options, doctype.name)
    if (!allowed) continue
    const col = `${alias}.${quoteIdent(f.fieldname)}`
    parts.push(`(coalesce(${col}, '') = '' OR ${col} IN (${[...allowed].map(() => '?').join(', ')}))`)
    params.push(...allowed)
  }
  return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params }
}
