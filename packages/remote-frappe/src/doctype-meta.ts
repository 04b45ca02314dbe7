import type { RemoteResult } from '@outpost/core'
import { isTableField } from '@outpost/meta'
import type { FrappeHttp } from './http.ts'

/** A child table of a DocType: the field on the parent and the child DocType it holds. */
export interface TableField {
  readonly fieldname: string
  readonly childDoctype: string
}

/** `getdoctype`: the DocType JSON and its child DocTypes, as Frappe's desk loads them. */
export async function fetchDocTypes(http: FrappeHttp, doctype: string): Promise<RemoteResult<unknown[]>> {
  const reply = await http.call({ method: 'GET', path: '/api/method/frappe.desk.form.load.getdoctype', query: { doctype } })
  if (reply.kind !== 'ok') return reply
  const docs = reply.value['docs']
  return { kind: 'ok', value: Array.isArray(docs) ? docs : [] }
}

function tableFieldsOf(json: unknown): TableField[] {
  const fields = (json as { fields?: unknown } | undefined)?.fields
  if (!Array.isArray(fields)) return []
  return fields.flatMap((f: { fieldname?: unknown; fieldtype?: unknown; options?: unknown }) =>
    typeof f.fieldname === 'string' && typeof f.fieldtype === 'string' && isTableField(f.fieldtype) && typeof f.options === 'string' && f.options !== ''
      ? [{ fieldname: f.fieldname, childDoctype: f.options }]
      : [])
}

/** Table fields per DocType, read once per Remote: pulls attach child rows page by page. */
export class TableFieldCache {
  readonly #known = new Map<string, readonly TableField[]>()

  constructor(private readonly http: FrappeHttp) {}

  async get(doctype: string): Promise<RemoteResult<readonly TableField[]>> {
    const cached = this.#known.get(doctype)
    if (cached) return { kind: 'ok', value: cached }
    const docs = await this.fetch(doctype)
    if (docs.kind !== 'ok') return docs
    return { kind: 'ok', value: this.#known.get(doctype) ?? [] }
  }

  /** `getdoctype` read afresh; a DocType whose meta changed (a table added or removed) is pulled with its new tables. */
  async fetch(doctype: string): Promise<RemoteResult<unknown[]>> {
    const docs = await fetchDocTypes(this.http, doctype)
    if (docs.kind !== 'ok') return docs
    const own = docs.value.find((d) => (d as { name?: unknown } | null)?.name === doctype)
    this.#known.set(doctype, tableFieldsOf(own))
    return docs
  }
}
