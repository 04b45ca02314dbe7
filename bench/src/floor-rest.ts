import { TOKEN } from './auth.ts'

/**
 * The REST calls a replica boot makes, without the engine: the same list queries the
 * Frappe remote sends (see packages/remote-frappe/src/pull.ts and child-rows.ts).
 */
export type Row = Record<string, unknown>

/** Rows per pull request: the replica's default `pageSize`. */
export const PAGE_SIZE = 500
/** The remote keeps each child-row list URL under this many characters of names. */
const MAX_NAMES_CHARS = 4000

async function get(base: string, path: string, query: Record<string, unknown>): Promise<Row> {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, typeof v === 'string' ? v : JSON.stringify(v))
  const res = await fetch(`${base}${path}?${qs}`, { headers: { accept: 'application/json', authorization: `token ${TOKEN}` } })
  const text = await res.text()
  if (!res.ok) throw new Error(`${res.status} ${path}: ${text.slice(0, 300)}`)
  return JSON.parse(text) as Row
}

async function list(base: string, doctype: string, query: Record<string, unknown>): Promise<Row[]> {
  const body = await get(base, `/api/resource/${encodeURIComponent(doctype)}`, query)
  return Array.isArray(body['data']) ? (body['data'] as Row[]) : []
}

/** Table fields (fieldname → child DocType) from `getdoctype`, as the remote reads them. */
export async function tableFields(base: string, doctype: string): Promise<[string, string][]> {
  const body = await get(base, '/api/method/frappe.desk.form.load.getdoctype', { doctype })
  const docs = (body['docs'] ?? []) as { name?: string; fields?: { fieldname: string; fieldtype: string; options?: string }[] }[]
  const own = docs.find((d) => d.name === doctype)
  return (own?.fields ?? []).filter((f) => (f.fieldtype === 'Table' || f.fieldtype === 'Table MultiSelect') && f.options).map((f) => [f.fieldname, f.options!])
}

/** One page after `(modified, name)`: `limit + 1` rows so the caller knows whether more follow. */
export function listPage(base: string, doctype: string, after: { modified: string; name: string } | undefined): Promise<Row[]> {
  const cursor = after
    ? { filters: [['modified', '>=', after.modified]], or_filters: [['modified', '>', after.modified], ['name', '>', after.name]] }
    : {}
  return list(base, doctype, { fields: ['*'], order_by: 'modified asc, name asc', limit_page_length: PAGE_SIZE + 1, ...cursor })
}

function chunkNames(names: readonly string[]): string[][] {
  const chunks: string[][] = [[]]
  let size = 0
  for (const name of names) {
    const cost = encodeURIComponent(JSON.stringify(name)).length + 3
    if (chunks[chunks.length - 1]!.length > 0 && size + cost > MAX_NAMES_CHARS) {
      chunks.push([])
      size = 0
    }
    chunks[chunks.length - 1]!.push(name)
    size += cost
  }
  return chunks
}

/** Child rows of `names` through the child DocType's list, `parent=` and `parent in [...]`. */
export async function childRows(base: string, parent: string, child: string, names: readonly string[]): Promise<Row[]> {
  const rows: Row[] = []
  for (const chunk of chunkNames(names)) {
    rows.push(...await list(base, child, {
      fields: ['*'], parent, limit_page_length: 0, order_by: 'parent asc, parentfield asc, idx asc',
      filters: [['parenttype', '=', parent], ['parent', 'in', chunk]],
    }))
  }
  return rows
}
