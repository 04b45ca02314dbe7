import type { DocType } from './doctype.ts'
import type { FilterCondition } from './filters.ts'

/**
 * Frappe's search_link (frappe/desk/search.py) as pure steps, shared by the server (over SQL)
 * and a replica (over its store): which columns, which conditions, how a row reads, how the
 * page is re-sorted.
 */
export interface SearchLinkResult {
  readonly value: string
  readonly description: string
  readonly label?: string
}

const SEARCHABLE = new Set(['Data', 'Text', 'Small Text', 'Long Text', 'Link', 'Select', 'Read Only', 'Text Editor'])

/** get_std_fields_list: name, search_fields, title_field, then the search key. */
export function searchColumns(doctype: DocType, searchfield?: string): string[] {
  const cols = ['name']
  const add = (f: string | undefined): void => {
    if (f && !cols.includes(f) && (f === 'name' || doctype.field(f))) cols.push(f)
  }
  for (const f of doctype.searchFields) add(f)
  add(doctype.titleField)
  add(searchfield)
  return cols
}

/** `enabled = 1` / `disabled != 1`, and LIKE on name, title and search fields (not on `searchfield`). */
export function searchConditions(doctype: DocType, txt: string): { and: FilterCondition[]; or: FilterCondition[] } {
  const and: FilterCondition[] = []
  if (doctype.field('enabled')?.fieldtype === 'Check') and.push({ doctype: undefined, field: 'enabled', op: '=', value: 1 })
  if (doctype.field('disabled')?.fieldtype === 'Check') and.push({ doctype: undefined, field: 'disabled', op: '!=', value: 1 })
  const or = txt === '' ? [] : searchColumns(doctype)
    .filter((c) => c === 'name' || SEARCHABLE.has(doctype.field(c)?.fieldtype ?? ''))
    .map((c): FilterCondition => ({ doctype: undefined, field: c, op: 'like', value: `%${txt}%` }))
  return { and, or }
}

/** build_for_autosuggest: the name, and the other columns as a description (the title as label when shown in links). */
export function describeSearchRow(doctype: DocType, row: Readonly<Record<string, unknown>>, columns: readonly string[]): SearchLinkResult {
  const value = String(row['name'])
  const join = (values: unknown[]): string => [...new Set(values.filter((v) => v !== null && v !== undefined && v !== '').map(String))].join(', ')
  if (doctype.showTitleFieldInLink && doctype.titleField) {
    const label = row[doctype.titleField]
    const others = columns.slice(1).filter((c) => c !== doctype.titleField).map((c) => row[c])
    return { value, label: label === null || label === undefined ? '' : String(label), description: join([value, ...others]) }
  }
  return { value, description: join(columns.slice(1).map((c) => row[c])) }
}

/** Frappe re-sorts the page: names starting with the text first, then by name. */
export function rankSearchResults(results: readonly SearchLinkResult[], txt: string): SearchLinkResult[] {
  if (!txt) return [...results]
  const t = txt.toLowerCase()
  return results
    .map((r, i) => ({ r, i, starts: r.value.toLowerCase().startsWith(t) }))
    .sort((a, b) => (a.starts === b.starts ? (a.r.value < b.r.value ? -1 : a.r.value > b.r.value ? 1 : a.i - b.i) : a.starts ? -1 : 1))
    .map((x) => x.r)
}
