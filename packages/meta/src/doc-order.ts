import type { Doc } from './document.ts'
import type { DocType } from './doctype.ts'
import { foldCase } from './filter-values.ts'
import { compareScalars, sortKey } from './filter-match.ts'

/** How a list is ordered: search_link's name rank first, then `orderBy` terms. */
export interface DocOrder {
  readonly orderBy?: readonly { readonly field: string; readonly order: 'asc' | 'desc' }[] | undefined
  /** Rank by where this text first occurs in the name (search_link). */
  readonly rankByName?: string | undefined
}

/** Where `text` first occurs in the name, ignoring ASCII case; names without it rank last. */
function nameRank(doc: Doc, text: string): number {
  const at = foldCase(String(doc['name'])).indexOf(foldCase(text))
  return at < 0 ? Number.POSITIVE_INFINITY : at
}

/**
 * The order local stores list documents in: the name rank, then the `orderBy` terms (NULL first
 * ascending, as MariaDB sorts), then the folded name, which is unique, so every page is stable.
 */
export function compareDocs(doctype: DocType, order: DocOrder): (a: Doc, b: Doc) => number {
  const terms = order.orderBy ?? []
  const rank = order.rankByName
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
