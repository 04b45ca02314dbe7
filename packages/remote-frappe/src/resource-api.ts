import type { RemoteResult } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import type { FrappeHttp, Json } from './http.ts'

/** `/api/resource/{doctype}[/{name}]`; names may hold `/`, which Frappe's `<path:name>` accepts encoded. */
export function resourcePath(doctype: string, name?: string): string {
  const base = `/api/resource/${encodeURIComponent(doctype)}`
  return name === undefined ? base : `${base}/${encodeURIComponent(name)}`
}

export interface ListParams {
  readonly fields: readonly string[]
  readonly filters?: readonly unknown[]
  readonly orFilters?: readonly unknown[]
  readonly orderBy?: string
  /** 0 means all rows. */
  readonly limit: number
  /** Listing a child DocType needs its parent DocType. */
  readonly parent?: string
}

function mapOk<A, B>(r: RemoteResult<A>, f: (a: A) => B): RemoteResult<B> {
  return r.kind === 'ok' ? { kind: 'ok', value: f(r.value) } : r
}

/** `GET /api/resource/{doctype}` (Frappe's get_list). */
export async function listRows(http: FrappeHttp, doctype: string, p: ListParams): Promise<RemoteResult<Json[]>> {
  const query: Record<string, unknown> = {
    fields: p.fields, filters: p.filters, or_filters: p.orFilters, order_by: p.orderBy, limit_page_length: p.limit, parent: p.parent,
  }
  const reply = await http.call({ method: 'GET', path: resourcePath(doctype), query })
  return mapOk(reply, (body) => (Array.isArray(body['data']) ? (body['data'] as Json[]) : []))
}

/** The whole document, child rows included (`GET /api/resource/{doctype}/{name}`). */
export async function getDoc(http: FrappeHttp, doctype: string, name: string): Promise<RemoteResult<Doc>> {
  return mapOk(await http.call({ method: 'GET', path: resourcePath(doctype, name) }), docOf)
}

/** The `data` of a single-document answer. */
export function docOf(body: Json): Doc {
  const data = body['data']
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Doc) : {}
}

/** The document that carries this client id, if the server has one (DESIGN: the `outpost_id` Custom Field). */
export async function findByOutpostId(http: FrappeHttp, doctype: string, outpostId: string): Promise<RemoteResult<Doc | undefined>> {
  if (outpostId === '') return { kind: 'ok', value: undefined }
  const rows = await listRows(http, doctype, { fields: ['name'], filters: [['outpost_id', '=', outpostId]], limit: 1 })
  if (rows.kind !== 'ok') return rows
  const name = rows.value[0]?.['name']
  if (typeof name !== 'string') return { kind: 'ok', value: undefined }
  const doc = await getDoc(http, doctype, name)
  // Deleted between the two calls: as if it never existed.
  if (doc.kind === 'rejected' && doc.error.httpStatus === 404) return { kind: 'ok', value: undefined }
  return doc
}

/** `frappe.client.get_count`: a progress total, not a correctness input. */
export async function getCount(http: FrappeHttp, doctype: string): Promise<number | undefined> {
  const reply = await http.call({ method: 'GET', path: '/api/method/frappe.client.get_count', query: { doctype } })
  const n = reply.kind === 'ok' ? reply.value['message'] : undefined
  return typeof n === 'number' ? n : undefined
}
