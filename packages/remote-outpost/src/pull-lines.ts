import type { Doc } from '@outpost/meta'

/** One line of an `outpost.sync.pull` answer, checked. */
export type PullLine =
  | { readonly type: 'meta'; readonly doctype: string; readonly version: string }
  | { readonly type: 'doc'; readonly doctype: string; readonly doc: Doc }
  | { readonly type: 'delete'; readonly doctype: string; readonly name: string }
  | { readonly type: 'rename'; readonly doctype: string; readonly from: string; readonly to: string }
  | { readonly type: 'end'; readonly cursor: string; readonly hasMore: boolean; readonly total: number | undefined; readonly reconcile: readonly string[] }
  | { readonly type: 'error'; readonly excType: string; readonly message: string }
  /** A line type this client does not know (a newer server): skipped. */
  | { readonly type: 'other' }

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const isText = (v: unknown): v is string => typeof v === 'string' && v !== ''

function parseJson(text: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(text)
    return isObject(value) ? value : undefined
  } catch {
    return undefined
  }
}

function endLine(o: Json): PullLine | undefined {
  const { cursor, has_more: hasMore, total, reconcile } = o
  if (!isText(cursor) || typeof hasMore !== 'boolean') return undefined
  if (total !== undefined && total !== null && typeof total !== 'number') return undefined
  const list = Array.isArray(reconcile) ? reconcile.filter((d): d is string => typeof d === 'string') : []
  return { type: 'end', cursor, hasMore, total: typeof total === 'number' ? total : undefined, reconcile: list }
}

function docLine(o: Json): PullLine | undefined {
  const { doctype, doc } = o
  if (!isText(doctype) || !isObject(doc) || !isText(doc['name'])) return undefined
  return { type: 'doc', doctype, doc }
}

/** A line, or undefined when it is not what the protocol says it is (not JSON, missing fields). */
export function parseLine(text: string): PullLine | undefined {
  const o = parseJson(text)
  if (!o) return undefined
  const { type, doctype } = o
  switch (type) {
    case 'doc': return docLine(o)
    case 'end': return endLine(o)
    case 'meta': return isText(doctype) ? { type, doctype, version: String(o['version'] ?? '') } : undefined
    case 'delete': return isText(doctype) && isText(o['name']) ? { type, doctype, name: o['name'] } : undefined
    case 'rename': return isText(doctype) && isText(o['from']) && isText(o['to']) ? { type, doctype, from: o['from'], to: o['to'] } : undefined
    case 'error': return { type, excType: isText(o['exc_type']) ? o['exc_type'] : 'ServerError', message: typeof o['message'] === 'string' ? o['message'] : '' }
    default: return typeof type === 'string' ? { type: 'other' } : undefined
  }
}
