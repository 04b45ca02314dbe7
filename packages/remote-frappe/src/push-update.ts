import type { OutgoingMutation, PushOutcome } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import type { FrappeHttp } from './http.ts'
import { updateBody } from './outgoing-doc.ts'
import { docOf, getDoc, resourcePath } from './resource-api.ts'

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * The server already holds every value this patch sets (our earlier PUT whose answer was lost,
 * or the same edit made elsewhere). Tables are not compared: the server renames and re-stamps rows.
 */
function alreadyApplied(patch: Doc, server: Doc): boolean {
  const fields = Object.entries(updateBody(patch, undefined))
  if (fields.length === 0 || fields.some(([, v]) => Array.isArray(v))) return false
  return fields.every(([k, v]) => same(v, server[k]))
}

/** `PUT` the changed fields with the base `modified`, so a stale base is a conflict, not an overwrite. */
export async function pushUpdate(http: FrappeHttp, m: OutgoingMutation): Promise<PushOutcome> {
  const patch = m.doc ?? {}
  const reply = await http.call({ method: 'PUT', path: resourcePath(m.doctype, m.name), body: updateBody(patch, m.baseModified) })
  if (reply.kind === 'ok') return { kind: 'accepted', doc: docOf(reply.value) }
  if (reply.kind !== 'rejected' || reply.error.excType !== 'TimestampMismatchError') return reply
  const server = await getDoc(http, m.doctype, m.name)
  // Without the server version the engine could only reject; a later retry conflicts again with it.
  if (server.kind !== 'ok') return server
  if (alreadyApplied(patch, server.value)) return { kind: 'accepted', doc: server.value }
  return { kind: 'conflict', serverDoc: server.value, error: reply.error }
}
