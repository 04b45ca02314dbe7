import type { RemoteResult } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import type { FrappeHttp, Json } from './http.ts'
import { shiftTimestamp } from './pull-cursor.ts'
import { listRows } from './resource-api.ts'

/** Deleted names, and how far Deleted Document has been read (its rows' `creation`). */
export interface Deletions {
  readonly names: string[]
  readonly mark: string
}

/** `forbidden`: the user may not read Deleted Document (System Manager only in stock Frappe). */
export type DeletionResult = RemoteResult<Deletions> | { readonly kind: 'forbidden' }

function forbiddenOr<T>(rows: RemoteResult<T>): RemoteResult<T> | { readonly kind: 'forbidden' } {
  return rows.kind === 'rejected' && rows.error.httpStatus === 403 ? { kind: 'forbidden' } : rows
}

/**
 * Where to start reading deletions when a pull starts from nothing: the newest Deleted
 * Document row of the doctype ('' when there is none). Older deletions concern nothing local.
 */
export async function deletionMark(http: FrappeHttp, doctype: string): Promise<DeletionResult> {
  const rows = forbiddenOr(await listRows(http, 'Deleted Document', { fields: ['creation'], filters: [['deleted_doctype', '=', doctype]], orderBy: 'creation desc', limit: 1 }))
  if (rows.kind !== 'ok') return rows
  return { kind: 'ok', value: { names: [], mark: String(rows.value[0]?.['creation'] ?? '') } }
}

/** A deleted name, and when it was last deleted (Deleted Document's `creation`). */
interface Deletion {
  readonly name: string
  readonly at: string
}

/** Each deleted name's last deletion, by name folded. */
function lastDeletions(rows: readonly Json[]): Map<string, Deletion> {
  const out = new Map<string, Deletion>()
  for (const row of rows) {
    const name = row['deleted_name']
    if (typeof name !== 'string') continue
    const at = shiftTimestamp(String(row['creation']), 0)
    const key = name.toLowerCase()
    if ((out.get(key)?.at ?? '') <= at) out.set(key, { name, at })
  }
  return out
}

/** A name the page also delivers in a version at least as new as the deletion was re-created: keep it. */
function deletedAfterDelivery(deletions: ReadonlyMap<string, Deletion>, page: readonly Doc[]): Map<string, Deletion> {
  const delivered = new Map(page.map((d) => [String(d['name']).toLowerCase(), shiftTimestamp(String(d['modified']), 0)]))
  return new Map([...deletions].filter(([key, d]) => {
    const modified = delivered.get(key)
    return modified === undefined || modified < d.at
  }))
}

/**
 * Deleting the newest document of a naming series gives its number back, so a deleted name
 * may hold a document created since, which an earlier page may have delivered already (or a
 * deletion was undone by a restore): a name that holds a document now is not reported gone.
 */
async function stillGone(http: FrappeHttp, doctype: string, deletions: ReadonlyMap<string, Deletion>): Promise<RemoteResult<string[]>> {
  if (deletions.size === 0) return { kind: 'ok', value: [] }
  const names = [...deletions.values()].map((d) => d.name)
  const held = await listRows(http, doctype, { fields: ['name'], filters: [['name', 'in', names]], limit: 0 })
  if (held.kind !== 'ok') return held
  const present = new Set(held.value.map((row) => String(row['name']).toLowerCase()))
  return { kind: 'ok', value: names.filter((name) => !present.has(name.toLowerCase())) }
}

/**
 * Deletions of `doctype` recorded since `mark` less the overlap (a delete commits after it is
 * stamped, like any save). Deleted Document is read as its own stream with its own mark, so a
 * deletion during a long pull run is seen on the next page whatever the documents' stamps.
 */
export async function deletedSince(http: FrappeHttp, doctype: string, mark: string, overlapMs: number, page: readonly Doc[]): Promise<DeletionResult> {
  const filters = [['deleted_doctype', '=', doctype], ['creation', '>=', shiftTimestamp(mark, -overlapMs)]]
  const rows = forbiddenOr(await listRows(http, 'Deleted Document', { fields: ['deleted_name', 'creation'], filters, orderBy: 'creation asc', limit: 0 }))
  if (rows.kind !== 'ok') return rows
  const newest = rows.value.reduce((m, r) => (String(r['creation']) > m ? String(r['creation']) : m), mark)
  const names = await stillGone(http, doctype, deletedAfterDelivery(lastDeletions(rows.value), page))
  return names.kind === 'ok' ? { kind: 'ok', value: { names: names.value, mark: newest } } : names
}
