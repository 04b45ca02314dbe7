import type { RemoteResult } from '@outpost/core'
import type { FrappeHttp } from './http.ts'
import { listRows, resourcePath } from './resource-api.ts'

/**
 * The Custom Field that makes inserts idempotent on a stock site (DESIGN "Two ways"): unique,
 * so a repeated insert fails instead of duplicating, and `no_copy`, so an amendment or a
 * duplicate made in the desk gets its own id. Needs a System Manager.
 */
export async function ensureOutpostIdField(http: FrappeHttp, doctype: string): Promise<RemoteResult<'created' | 'exists'>> {
  const found = await listRows(http, 'Custom Field', { fields: ['name'], filters: [['dt', '=', doctype], ['fieldname', '=', 'outpost_id']], limit: 1 })
  if (found.kind !== 'ok') return found
  if (found.value.length > 0) return { kind: 'ok', value: 'exists' }
  const field = {
    dt: doctype, fieldname: 'outpost_id', label: 'Outpost ID', fieldtype: 'Data', unique: 1, no_copy: 1,
    read_only: 1, hidden: 1, print_hide: 1, report_hide: 1, search_index: 0,
  }
  const created = await http.call({ method: 'POST', path: resourcePath('Custom Field'), body: field })
  return created.kind === 'ok' ? { kind: 'ok', value: 'created' } : created
}
