import type { OutgoingMutation, PushOutcome } from '@outpost/core'
import type { FrappeHttp } from './http.ts'
import { pushDocstatus } from './push-docstatus.ts'
import { pushInsert } from './push-insert.ts'
import { pushUpdate } from './push-update.ts'
import { resourcePath } from './resource-api.ts'

/** `DELETE`; a document that is already gone (404) is what a delete wants. */
async function pushDelete(http: FrappeHttp, m: OutgoingMutation): Promise<PushOutcome> {
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
