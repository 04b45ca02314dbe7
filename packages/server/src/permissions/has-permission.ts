import { childTables, FrappeError, type Doc, type DocType, type PermType, type Schema } from '@outpost/meta'
import { rolePermissions } from './role-permissions.ts'
import type { UserContext } from './user-context.ts'

function linkValuesAllowed(doctype: DocType, doc: Doc, forDoctype: string, user: UserContext): boolean {
  for (const f of doctype.linkFields) {
    if (f.fieldtype !== 'Link' || f.ignoreUserPermissions) continue
    const allowed = user.allowedValues(f.options, forDoctype)
    const value = doc[f.fieldname]
    if (allowed && value !== null && value !== undefined && value !== '' && !allowed.has(String(value))) return false
  }
  return true
}

/** Frappe's has_user_permission: the doc's own name and every Link, child rows included. */
export function userPermissionAllows(schema: Schema, doctype: DocType, doc: Doc, user: UserContext): boolean {
  if (user.isAdmin) return true
  const own = user.allowedValues(doctype.name, doctype.name)
  if (own && doc['name'] !== undefined && !own.has(String(doc['name']))) return false
  if (!linkValuesAllowed(doctype, doc, doctype.name, user)) return false
  for (const { childType, rows } of childTables(schema, doctype, doc)) {
    for (const row of rows as Doc[]) if (!linkValuesAllowed(childType, row, doctype.name, user)) return false
  }
  return true
}

/** Role rights (with if_owner) and, when a document is given, User Permissions. */
export function hasPermission(schema: Schema, doctype: DocType, ptype: PermType, user: UserContext, doc?: Doc): boolean {
  if (user.isAdmin) return true
  const perms = rolePermissions(doctype, user)
  const effective = ptype === 'select' && !perms.granted.has('select') ? 'read' : ptype
  if (!perms.granted.has(effective)) return false
  if (!doc) return true
  if (perms.ownerOnly.has(effective) && doc['owner'] !== undefined && doc['owner'] !== user.name) return false
  return userPermissionAllows(schema, doctype, doc, user)
}

const LABEL: Record<PermType, string> = {
  read: 'Read', write: 'Write', create: 'Create', delete: 'Delete', submit: 'Submit', cancel: 'Cancel',
  amend: 'Amend', select: 'Select', report: 'Report',
}

export function notPermitted(doctype: string, ptype: PermType, name?: string): FrappeError {
  const message = name === undefined
    ? `Insufficient Permission for ${doctype} (${LABEL[ptype]})`
    : `No permission for ${doctype} ${name} (${LABEL[ptype]})`
  return new FrappeError('PermissionError', message, { title: 'Not Permitted' })
}

export function checkPermission(schema: Schema, doctype: DocType, ptype: PermType, user: UserContext, doc?: Doc): void {
  if (!hasPermission(schema, doctype, ptype, user, doc)) {
    throw notPermitted(doctype.name, ptype, doc?.['name'] === undefined ? undefined : String(doc['name']))
  }
}
