import type { OutgoingMutation, PushOutcome } from '@outpost/core'
import type { FrappeHttp } from './http.ts'
import { insertBody } from './outgoing-doc.ts'
import { docOf, findByOutpostId, resourcePath } from './resource-api.ts'

/** A second insert with the same client id: the `outpost_id` Custom Field is unique (409 primary, 417 unique key). */
const DUPLICATE = new Set(['DuplicateEntryError', 'UniqueValidationError'])

/**
 * Stock Frappe has no idempotent insert, so the client id stands in: an insert whose first
 * answer was lost is looked up by `outpost_id` before it is sent again (DESIGN "Two ways").
 */
export async function pushInsert(http: FrappeHttp, m: OutgoingMutation): Promise<PushOutcome> {
  if (m.maybeApplied) {
    const found = await findByOutpostId(http, m.doctype, m.outpostId)
    if (found.kind !== 'ok') return found
    if (found.value) return { kind: 'accepted', doc: found.value }
  }
  const reply = await http.call({ method: 'POST', path: resourcePath(m.doctype), body: insertBody(m.doctype, m.doc ?? {}, m.outpostId) })
  if (reply.kind === 'ok') return { kind: 'accepted', doc: docOf(reply.value) }
  if (reply.kind !== 'rejected' || !DUPLICATE.has(reply.error.excType)) return reply
  // The clash may be our own earlier insert (answer lost, `maybeApplied` not known): adopt it.
  const found = await findByOutpostId(http, m.doctype, m.outpostId)
  if (found.kind === 'ok' && found.value) return { kind: 'accepted', doc: found.value }
  return reply
}
