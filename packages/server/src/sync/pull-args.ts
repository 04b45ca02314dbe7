import { FrappeError, type DocType } from '@outpost/meta'
import type { Site } from '../context.ts'
import { jsonArg, type Args } from '../http/request-args.ts'
import { hasPermission, notPermitted } from '../permissions/has-permission.ts'
import type { UserContext } from '../permissions/user-context.ts'
import { requireDocType } from '../require-doctype.ts'
import { cursorScope, decodeCursor, type SyncCursor } from './sync-cursor.ts'

export const DEFAULT_PULL_LIMIT = 500
export const MAX_PULL_LIMIT = 5000
const MAX_DOCTYPES = 200

export interface PullArgs {
  /** Requested parent DocTypes, each once, sorted by name: a boot reads them in this order. */
  readonly doctypes: readonly DocType[]
  /** Absent: boot. */
  readonly cursor: SyncCursor | undefined
  readonly limit: number
  /** The digest a cursor for these DocTypes carries. */
  readonly scope: string
}

function doctypeNames(raw: unknown): string[] {
  const parsed = Array.isArray(raw) ? raw : jsonArg(raw, 'doctypes')
  const list = Array.isArray(parsed) ? parsed : parsed === undefined || parsed === null ? [] : [parsed]
  if (list.length === 0) throw new FrappeError('ValidationError', 'doctypes is required: a JSON list of DocType names')
  if (list.length > MAX_DOCTYPES) throw new FrappeError('ValidationError', `Too many doctypes: at most ${MAX_DOCTYPES}`)
  for (const d of list) {
    if (typeof d !== 'string' || d === '') throw new FrappeError('ValidationError', `doctypes must be a list of DocType names, not ${JSON.stringify(d)}`)
  }
  return [...new Set(list as string[])].sort()
}

/** A parent DocType the user may read; child tables and Singles are not pulled on their own. */
function pullableDocType(site: Site, user: UserContext, name: string): DocType {
  const doctype = requireDocType(site, name)
  if (doctype.istable) throw new FrappeError('ValidationError', `${doctype.name} is a child table: pull its parent DocType, its rows come inline`)
  if (doctype.issingle) throw new FrappeError('ValidationError', `${doctype.name} is a Single DocType and has no documents to pull`)
  if (!hasPermission(site.schema, doctype, 'read', user)) throw notPermitted(doctype.name, 'read')
  return doctype
}

function pullLimit(raw: unknown): number {
  if (raw === undefined || raw === null || raw === '') return DEFAULT_PULL_LIMIT
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_PULL_LIMIT) {
    throw new FrappeError('ValidationError', `limit must be a whole number from 1 to ${MAX_PULL_LIMIT}, not ${JSON.stringify(raw)}`)
  }
  return n
}

function pullCursor(raw: unknown, scope: string, doctypeCount: number): SyncCursor | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined
  const cursor = decodeCursor(raw)
  if (cursor.scope !== scope) throw new FrappeError('ValidationError', 'Invalid cursor: it was issued for other doctypes. Pull again without a cursor to boot.')
  if (cursor.boot && cursor.boot.index >= doctypeCount) throw new FrappeError('ValidationError', 'Invalid cursor: bad snapshot position. Pull again without a cursor to boot.')
  return cursor
}

/** outpost.sync.pull's arguments, checked before anything is streamed. */
export function parsePullArgs(site: Site, user: UserContext, args: Args): PullArgs {
  const doctypes = doctypeNames(args['doctypes']).map((d) => pullableDocType(site, user, d))
  const scope = cursorScope(doctypes.map((d) => d.name))
  return { doctypes, cursor: pullCursor(args['cursor'], scope, doctypes.length), limit: pullLimit(args['limit']), scope }
}
