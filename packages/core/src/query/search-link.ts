import { foldCase, parseFilters, type Doc, type DocType, type FilterCondition } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { OutpostError } from '../errors.ts'

export interface SearchLinkResult {
  readonly value: string
  readonly description: string
  readonly label?: string
}

const SEARCHABLE = new Set(['Data', 'Text', 'Small Text', 'Long Text', 'Link', 'Select', 'Read Only', 'Text Editor'])

function searchColumns(doctype: DocType): string[] {
  const cols = ['name']
  for (const f of [...doctype.searchFields, doctype.titleField]) if (f && !cols.includes(f) && doctype.field(f)) cols.push(f)
  return cols
}

function conditions(doctype: DocType, txt: string): { and: FilterCondition[]; or: FilterCondition[] } {
  const and: FilterCondition[] = []
  if (doctype.field('enabled')?.fieldtype === 'Check') and.push({ doctype: undefined, field: 'enabled', op: '=', value: 1 })
  if (doctype.field('disabled')?.fieldtype === 'Check') and.push({ doctype: undefined, field: 'disabled', op: '!=', value: 1 })
  const or = txt === '' ? [] : searchColumns(doctype)
    .filter((c) => c === 'name' || SEARCHABLE.has(doctype.field(c)?.fieldtype ?? ''))
    .map((c): FilterCondition => ({ doctype: undefined, field: c, op: 'like', value: `%${txt}%` }))
  return { and, or }
}

function describe(doctype: DocType, doc: Doc): SearchLinkResult {
  const value = String(doc['name'])
  const cols = searchColumns(doctype).slice(1)
  const join = (values: unknown[]): string => [...new Set(values.filter((v) => v !== null && v !== undefined && v !== '').map(String))].join(', ')
  if (doctype.showTitleFieldInLink && doctype.titleField) {
    const label = doc[doctype.titleField]
    return { value, label: label === null || label === undefined ? '' : String(label), description: join([value, ...cols.filter((c) => c !== doctype.titleField).map((c) => doc[c])]) }
  }
  return { value, description: join(cols.map((c) => doc[c])) }
}

/**
 * Frappe's search_link over local data: LIKE on name, title and search fields, enabled only,
 * ranked by where the text falls in the name, then `idx` desc and the DocType's sort; the page
 * is re-sorted with names starting with the text first. Temp-named documents match by title.
 */
export async function searchLink(ctx: ReplicaContext, doctype: string, txt: string, options: { filters?: unknown; pageLength?: number } = {}): Promise<SearchLinkResult[]> {
  const meta = ctx.schema.get(doctype)
  if (!meta) throw new OutpostError('META_MISSING', `DocType ${doctype} is not part of this replica`)
  const { and, or } = conditions(meta, txt)
  const sort = [{ field: 'idx', order: 'desc' as const }, ...(meta.isSubmittable ? [{ field: 'docstatus', order: 'asc' as const }] : []), { field: meta.sortField, order: meta.sortOrder === 'ASC' ? ('asc' as const) : ('desc' as const) }]
  const docs = await ctx.store.read((tx) => tx.queryDocs(meta.name, {
    filters: [...parseFilters(options.filters ?? []), ...and], orFilters: or, rankByName: txt, orderBy: sort, limit: options.pageLength ?? 10,
  }))
  const results = docs.map((d) => describe(meta, d))
  if (txt === '') return results
  const t = foldCase(txt)
  return results
    .map((r, i) => ({ r, i, starts: foldCase(r.value).startsWith(t) }))
    .sort((a, b) => (a.starts === b.starts ? (a.r.value < b.r.value ? -1 : a.r.value > b.r.value ? 1 : a.i - b.i) : a.starts ? -1 : 1))
    .map((x) => x.r)
}
