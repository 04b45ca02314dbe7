import type { OutgoingMutation, PushOutcome } from '@outpost/core'
import type { FrappeHttp } from './http.ts'
import { pushDocstatus } from './push-docstatus.ts'
import { pushInsert } from './push-insert.ts'
import { pushUpdate } from './push-update.ts'
import { docOf, resourcePath } from './resource-api.ts'

/**
 * `DELETE`; a document that is already gone (404) is what a delete wants. Deleting the newest
 * document of a naming series gives its number back (revert_series_if_last), so the name may
 * now hold a later document: read first, and leave one whose `outpost_id` is not the one this
 * delete was made on (the document it meant is gone). A REST DELETE cannot make that check in
 * its own transaction; `outpostRemote`'s push does.
 */
async function pushDelete(http: FrappeHttp, m: OutgoingMutation): Promise<PushOutcome> {
  const held = await http.call({ method: 'GET', path: resourcePath(m.doctype, m.name) })
  if (held.kind === 'rejected' && held.error.httpStatus === 404) return { kind: 'accepted', doc: undefined }
  if (held.kind !== 'ok') return held
  const id = docOf(held.value)['outpost_id']
  if (typeof id === 'string' && id !== '' && id !== m.outpostId) return { kind: 'accepted', doc: undefined }
  const reply = await http.call({ method: 'DELETE', path: resourcePath(m.doctype, m.name) })
  if (reply.kind === 'ok') return { kind: 'accepted', doc: undefined }
  if (reply.kind === 'rejected' && reply.error.httpStatus === 404) return { kind: 'accepted', doc: undefined }
  return reply
}

export function pushMutation(http: FrappeHttp, m: OutgoingMutation): Promise<PushOutcome> {
  switch (m.kind) {
    case 'insert': return pushInsert(http, m)
    case 'update': return pushUpdate(http, m)
    case 'delete': return pushDelete(http, m)
    case 'submit':
    case 'cancel': return pushDocstatus(http, { ...m, kind: m.kind })
  }
}
