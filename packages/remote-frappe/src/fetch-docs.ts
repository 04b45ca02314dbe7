import type { RemoteResult } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { attachChildRows, chunkNames, withoutNulls } from './child-rows.ts'
import type { TableFieldCache } from './doctype-meta.ts'
import type { FrappeHttp, Json } from './http.ts'
import { listRows } from './resource-api.ts'

/**
 * Whole documents by name, a URL-sized chunk of names per request and child rows per chunk:
 * what the engine asks for when reconciliation finds names its cursor missed.
 */
export async function fetchDocs(http: FrappeHttp, tables: TableFieldCache, doctype: string, names: readonly string[]): Promise<RemoteResult<Doc[]>> {
  const fields = await tables.get(doctype)
  if (fields.kind !== 'ok') return fields
  const out: Doc[] = []
  for (const chunk of chunkNames(names)) {
    const rows = await listRows(http, doctype, { fields: ['*'], filters: [['name', 'in', chunk]], limit: 0 })
    if (rows.kind !== 'ok') return rows
    const attached = await attachChildRows(http, doctype, fields.value, rows.value.map((r: Json) => withoutNulls(r, doctype)))
    if (attached.kind !== 'ok') return attached
    out.push(...attached.value)
  }
  return { kind: 'ok', value: out }
}
