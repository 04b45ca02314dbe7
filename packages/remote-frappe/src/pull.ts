import type { PullOutcome, PullRequest, RemoteResult } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { attachChildRows, withoutNulls } from './child-rows.ts'
import { deletedSince, deletionMark, type Deletions } from './deletions.ts'
import type { TableFieldCache } from './doctype-meta.ts'
import type { FrappeHttp, Json } from './http.ts'
import { decodeCursor, encodeCursor, shiftTimestamp, type PullCursor } from './pull-cursor.ts'
import { getCount, listRows } from './resource-api.ts'

export interface PullDeps {
  readonly http: FrappeHttp
  readonly tables: TableFieldCache
  readonly overlapMs: number
  /** Deleted Document is readable (false after a 403: listNames reconciliation covers deletions). */
  deletions: boolean
}

/** No row delivered yet (a cursor may still carry the Deleted Document mark). */
const startsFromNothing = (c: PullCursor | undefined): boolean => !c || c.modified === ''

/**
 * Rows after the cursor, in `(modified, name)` order. Inside a run: strictly after the last
 * row, as `modified >= M AND (modified > M OR name > N)` (filters AND or_filters) so ties on
 * `modified` page correctly. A new run re-reads from an overlap window before the cursor.
 *
 * Why the window: stock Frappe stamps `modified` when a save starts and commits when the
 * request ends, so a row stamped T1 can become visible after rows stamped T2 > T1 were
 * pulled. A `modified` cursor alone would skip it for good. The window catches commits late
 * by up to `overlapMs`; renames, `update_modified=False` writes and anything later are only
 * caught by the engine's periodic listNames reconciliation. This Remote has no `changeLog`.
 */
function pageQuery(c: PullCursor | undefined, overlapMs: number): { filters?: unknown[]; orFilters?: unknown[] } {
  if (!c || c.modified === '') return {}
  if (c.run || overlapMs <= 0) return { filters: [['modified', '>=', c.modified]], orFilters: [['modified', '>', c.modified], ['name', '>', c.name]] }
  return { filters: [['modified', '>=', shiftTimestamp(c.modified, -overlapMs)]] }
}

async function fetchPage(deps: PullDeps, req: PullRequest, c: PullCursor | undefined): Promise<RemoteResult<{ docs: Doc[]; hasMore: boolean }>> {
  const tables = await deps.tables.get(req.doctype)
  if (tables.kind !== 'ok') return tables
  const limit = Math.max(1, req.limit)
  const rows = await listRows(deps.http, req.doctype, { fields: ['*'], orderBy: 'modified asc, name asc', limit: limit + 1, ...pageQuery(c, deps.overlapMs) })
  if (rows.kind !== 'ok') return rows
  const docs = rows.value.slice(0, limit).map((r: Json) => withoutNulls(r, req.doctype))
  const attached = await attachChildRows(deps.http, req.doctype, tables.value, docs)
  if (attached.kind !== 'ok') return attached
  return { kind: 'ok', value: { docs: attached.value, hasMore: rows.value.length > limit } }
}

/** Deletions since the cursor's Deleted Document mark; a pull from nothing only takes the mark. */
async function pageDeletions(deps: PullDeps, doctype: string, c: PullCursor | undefined, docs: Doc[]): Promise<RemoteResult<Deletions | undefined>> {
  if (!deps.deletions) return { kind: 'ok', value: undefined }
  const result = c
    ? await deletedSince(deps.http, doctype, c.deleted ?? c.modified, deps.overlapMs, docs)
    : await deletionMark(deps.http, doctype)
  if (result.kind !== 'forbidden') return result
  // Only System Managers read Deleted Document: the engine's listNames reconciliation covers deletions.
  deps.deletions = false
  return { kind: 'ok', value: undefined }
}

function nextCursor(c: PullCursor | undefined, docs: readonly Doc[], hasMore: boolean, total: number | undefined, deleted: string | undefined): string | undefined {
  const last = docs[docs.length - 1]
  const at = last ? { modified: String(last['modified']), name: String(last['name']) } : (c ?? (deleted === undefined ? undefined : { modified: '', name: '' }))
  if (!at) return undefined
  return encodeCursor({
    modified: at.modified, name: at.name, ...(hasMore ? { run: true } : {}), ...(hasMore && total !== undefined ? { total } : {}),
    ...(deleted === undefined ? {} : { deleted }),
  })
}

/** One page of a `(modified, name)` cursor pull over `GET /api/resource`, with child rows and deletions. */
export async function pullPage(deps: PullDeps, req: PullRequest): Promise<PullOutcome> {
  const c = decodeCursor(req.cursor)
  const page = await fetchPage(deps, req, c)
  if (page.kind !== 'ok') return page
  const { docs, hasMore } = page.value
  const deleted = await pageDeletions(deps, req.doctype, c, docs)
  if (deleted.kind !== 'ok') return deleted
  const total = c?.run ? c.total : startsFromNothing(c) ? await getCount(deps.http, req.doctype) : undefined
  const cursor = nextCursor(c, docs, hasMore, total, deleted.value?.mark)
  return { kind: 'page', docs, deleted: deleted.value?.names ?? [], cursor, hasMore, total }
}
