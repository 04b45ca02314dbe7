import type { Doc } from '@outpost/meta'

/** A name given offline (`new-<doctype>-<uuid>`, or desk's `new-<doctype>-<random>`): the server names it. */
export function looksTemporary(name: unknown): boolean {
  return typeof name === 'string' && name.toLowerCase().startsWith('new-')
}

/** Keys Frappe sets itself on every save; sending them back changes nothing or does harm. */
const SERVER_SET = ['doctype', 'creation', 'modified', 'modified_by', 'owner'] as const

function cleanRow(row: unknown): unknown {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return row
  const out: Doc = {}
  for (const [k, v] of Object.entries(row as Doc)) {
    if (k.startsWith('__')) continue
    if ((k === 'name' || k === 'parent') && looksTemporary(v)) continue
    out[k] = v
  }
  return out
}

function cleanFields(doc: Doc, drop: readonly string[]): Doc {
  const out: Doc = {}
  for (const [k, v] of Object.entries(doc)) {
    if (k.startsWith('__') || drop.includes(k)) continue
    out[k] = Array.isArray(v) ? v.map(cleanRow) : v
  }
  return out
}

/**
 * The body of `POST /api/resource/{doctype}`. The mutation carries no meta, so a temp-looking
 * name is dropped (the server names it) and any other name is kept (Prompt / field naming).
 */
export function insertBody(doctype: string, doc: Doc, outpostId: string): Doc {
  const body = cleanFields(doc, SERVER_SET)
  if (looksTemporary(body['name']) || body['name'] === '' || body['name'] === null) delete body['name']
  if (outpostId !== '') body['outpost_id'] = outpostId
  // Offline invoices keep the posting date and time the user chose, not the sync time.
  if (doctype === 'Sales Invoice' || 'set_posting_time' in body) body['set_posting_time'] = 1
  return body
}

/** The body of `PUT /api/resource/{doctype}/{name}`: changed fields, and `modified` for the optimistic check. */
export function updateBody(patch: Doc, baseModified: string | undefined): Doc {
  const body = cleanFields(patch, [...SERVER_SET, 'name', 'outpost_id'])
  if (baseModified !== undefined) body['modified'] = baseModified
  return body
}
