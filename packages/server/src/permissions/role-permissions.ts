import type { DocType, PermType } from '@outpost/meta'
import type { UserContext } from './user-context.ts'

export interface RolePermissions {
  readonly granted: ReadonlySet<PermType>
  /** Rights held only through `if_owner` rows: valid on documents the user owns. */
  readonly ownerOnly: ReadonlySet<PermType>
}

/** Every right a DocPerm row can grant. */
export const PERM_TYPES: readonly PermType[] = ['read', 'write', 'create', 'delete', 'submit', 'cancel', 'amend', 'select', 'report']

/** Frappe's get_role_permissions: OR over the user's roles, permlevel 0 rows only. */
export function rolePermissions(doctype: DocType, user: UserContext): RolePermissions {
  const granted = new Set<PermType>()
  const ownerOnly = new Set<PermType>()
  if (user.isAdmin) {
    for (const p of PERM_TYPES) granted.add(p)
  } else {
    const full = new Set<PermType>()
    for (const perm of doctype.permissions) {
      if (perm.permlevel !== 0 || !user.roles.has(perm.role)) continue
      for (const p of PERM_TYPES) {
        if (!perm[p]) continue
        granted.add(p)
        if (!perm.ifOwner) full.add(p)
      }
    }
    for (const p of granted) if (!full.has(p)) ownerOnly.add(p)
  }
  if (!doctype.isSubmittable) {
    granted.delete('submit')
    granted.delete('cancel')
    granted.delete('amend')
  }
  return { granted, ownerOnly }
}
