import { describeSearchRow, parseFilters, rankSearchResults, searchColumns, searchConditions, type SearchLinkResult } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { OutpostError } from '../errors.ts'

export type { SearchLinkResult }

/**
 * Frappe's search_link over local data: LIKE on name, title and search fields, enabled only,
 * ranked by where the text falls in the name, then `idx` desc and the DocType's sort; the page
 * is re-sorted with names starting with the text first. Temp-named documents match by title.
 */
export async function searchLink(ctx: ReplicaContext, doctype: string, txt: string, options: { filters?: unknown; pageLength?: number } = {}): Promise<SearchLinkResult[]> {
  const meta = ctx.schema.get(doctype)
  if (!meta) throw new OutpostError('META_MISSING', `DocType ${doctype} is not part of this replica`)
  const { and, or } = searchConditions(meta, txt)
  const sort = [{ field: 'idx', order: 'desc' as const }, ...(meta.isSubmittable ? [{ field: 'docstatus', order: 'asc' as const }] : []), { field: meta.sortField, order: meta.sortOrder === 'ASC' ? ('asc' as const) : ('desc' as const) }]
  const docs = await ctx.store.read((tx) => tx.queryDocs(meta.name, {
    filters: [...parseFilters(options.filters ?? []), ...and], orFilters: or, rankByName: txt, orderBy: sort, limit: options.pageLength ?? 10,
  }))
  const columns = searchColumns(meta)
  return rankSearchResults(docs.map((d) => describeSearchRow(meta, d, columns)), txt)
}
