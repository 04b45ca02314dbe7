import type { RemoteResult } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import type { TableField } from './doctype-meta.ts'
import type { FrappeHttp, Json } from './http.ts'
import { listRows } from './resource-api.ts'

/** Keeps each list URL well under common proxy limits (nginx: 8 KB per request line). */
const MAX_NAMES_CHARS = 4000

/** Parent names in chunks whose encoded filter stays short enough for a GET. */
export function chunkNames(names: readonly string[], maxChars = MAX_NAMES_CHARS): string[][] {
  const chunks: string[][] = []
  let current: string[] = []
  let size = 0
  for (const name of names) {
    const cost = encodeURIComponent(JSON.stringify(name)).length + 3
    if (current.length > 0 && size + cost > maxChars) {
      chunks.push(current)
      current = []
      size = 0
    }
    current.push(name)
    size += cost
  }
  if (current.length > 0) chunks.push(current)
  return chunks
}

/** List rows keep nulls; single-document answers omit them (v1 `as_dict(no_nulls=True)`): match the latter. */
export function withoutNulls(row: Json, doctype: string): Doc {
  const out: Doc = {}
  for (const [k, v] of Object.entries(row)) if (v !== null && v !== undefined) out[k] = v
  out['doctype'] = doctype
  return out
}

async function rowsOf(http: FrappeHttp, parentDoctype: string, childDoctype: string, names: readonly string[]): Promise<RemoteResult<Json[]>> {
  const all: Json[] = []
  for (const chunk of chunkNames(names)) {
    const rows = await listRows(http, childDoctype, {
      fields: ['*'], parent: parentDoctype, limit: 0, orderBy: 'parent asc, parentfield asc, idx asc',
      filters: [['parenttype', '=', parentDoctype], ['parent', 'in', chunk]],
    })
    if (rows.kind !== 'ok') return rows
    all.push(...rows.value)
  }
  return { kind: 'ok', value: all }
}

/**
 * Child tables for a whole page with one list query per child DocType (not one GET per
 * document): rows grouped by parent and parentfield, in `idx` order.
 */
export async function attachChildRows(http: FrappeHttp, parentDoctype: string, tables: readonly TableField[], docs: Doc[]): Promise<RemoteResult<Doc[]>> {
  if (docs.length === 0 || tables.length === 0) return { kind: 'ok', value: docs }
  const byName = new Map(docs.map((d) => [String(d['name']).toLowerCase(), d]))
  for (const t of tables) for (const d of docs) d[t.fieldname] = []
  for (const child of new Set(tables.map((t) => t.childDoctype))) {
    const rows = await rowsOf(http, parentDoctype, child, docs.map((d) => String(d['name'])))
    if (rows.kind !== 'ok') return rows
    const fields = new Set(tables.filter((t) => t.childDoctype === child).map((t) => t.fieldname))
    for (const row of rows.value) {
      const field = String(row['parentfield'])
      const table = byName.get(String(row['parent']).toLowerCase())?.[field]
      if (fields.has(field) && Array.isArray(table)) table.push(withoutNulls(row, child))
    }
  }
  for (const t of tables) for (const d of docs) (d[t.fieldname] as Doc[]).sort((a, b) => Number(a['idx'] ?? 0) - Number(b['idx'] ?? 0))
  return { kind: 'ok', value: docs }
}
