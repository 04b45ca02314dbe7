import type { OutgoingMutation, PushOutcome } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import type { FrappeHttp } from './http.ts'
import { looksTemporary, updateBody } from './outgoing-doc.ts'
import { docOf, getDoc, resourcePath } from './resource-api.ts'

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/** Row keys Frappe sets itself, or that name the row's place rather than its content. */
const ROW_STAMPS = new Set(['parent', 'parentfield', 'parenttype', 'idx', 'doctype', 'creation', 'modified', 'modified_by', 'owner', 'docstatus'])

/** Each sent row's values are the server's row's at the same place (a row named offline is named by the server). */
function sameRows(sent: unknown, held: unknown): boolean {
  if (!Array.isArray(sent) || !Array.isArray(held) || sent.length !== held.length) return false
  return sent.every((row: unknown, i) => {
    const there: unknown = held[i]
    if (typeof row !== 'object' || row === null || typeof there !== 'object' || there === null) return same(row, there)
    return Object.entries(row as Doc).every(([k, v]) => {
      if (k.startsWith('__') || ROW_STAMPS.has(k)) return true
      if (k === 'name' && looksTemporary(v)) return true
      return same(v, (there as Doc)[k])
    })
  })
}

/**
 * The server already holds every value this patch sets (our earlier PUT whose answer was lost,
 * or the same edit made elsewhere). A table is compared row by row, without the names and stamps
 * the server gives rows, only when our earlier PUT may have been applied (`maybeApplied`): else
 * equal rows added on both sides are two rows, not one.
 */
function alreadyApplied(patch: Doc, server: Doc, maybeApplied: boolean): boolean {
  const fields = Object.entries(updateBody(patch, undefined))
  if (fields.length === 0) return false
  return fields.every(([k, v]) => (Array.isArray(v) ? maybeApplied && sameRows(v, server[k]) : same(v, server[k])))
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
  if (alreadyApplied(patch, server.value, m.maybeApplied === true)) return { kind: 'accepted', doc: server.value }
  return { kind: 'conflict', serverDoc: server.value, error: reply.error }
}
