import { compareScalars, foldCase, FrappeError, sortKey, type Doc, type DocType } from '@outpost/meta'
import type { DocQuery } from '@outpost/core'

/** Where `text` first occurs in the name, ignoring ASCII case; names without it rank last. */
function nameRank(doc: Doc, text: string): number {
  const at = foldCase(String(doc['name'])).indexOf(foldCase(text))
  return at < 0 ? Number.POSITIVE_INFINITY : at
}

/**
 * The port's order: search_link's name rank, then the `orderBy` terms (NULL first ascending),
 * then the folded name, which is unique, so every page is stable.
 */
export function compareDocs(doctype: DocType, query: DocQuery): (a: Doc, b: Doc) => number {
  const terms = query.orderBy ?? []
  const rank = query.rankByName
  return (a, b) => {
    if (rank !== undefined) {
      const r = nameRank(a, rank) - nameRank(b, rank)
      if (r !== 0 && !Number.isNaN(r)) return r
    }
    for (const t of terms) {
      const x = sortKey(doctype, a, t.field)
      const y = sortKey(doctype, b, t.field)
      const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : compareScalars(x, y)
      if (c !== 0) return t.order === 'desc' ? -c : c
    }
    return compareScalars(foldCase(String(a['name'])), foldCase(String(b['name'])))
  }
}

/** `offset` / `limit` checked as the SQLite store checks them. */
export function pageOf(query: DocQuery): { start: number; end: number | undefined } {
  const count = (n: number | undefined, what: string): number | undefined => {
    if (n === undefined) return undefined
    if (!Number.isInteger(n) || n < 0) throw new FrappeError('DataError', `${what} must be a non-negative integer`)
    return n
  }
  const start = count(query.offset, 'offset') ?? 0
  const limit = count(query.limit, 'limit')
  return { start, end: limit === undefined ? undefined : start + limit }
}
