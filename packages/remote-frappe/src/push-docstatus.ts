import type { OutgoingMutation, PushOutcome } from '@outpost/core'
import type { FrappeHttp } from './http.ts'
import { docOf, getDoc, resourcePath } from './resource-api.ts'

const TARGET = { submit: 1, cancel: 2 } as const

/** The server document when it already has the docstatus this mutation wants, else undefined. */
async function alreadyThere(http: FrappeHttp, m: OutgoingMutation, docstatus: number): Promise<PushOutcome | undefined> {
  const server = await getDoc(http, m.doctype, m.name)
  if (server.kind !== 'ok') return server
  return Number(server.value['docstatus']) === docstatus ? { kind: 'accepted', doc: server.value } : undefined
}

/**
 * `POST /api/resource/{doctype}/{name}` with `run_method`. Submit and cancel are states, so a
 * retry that finds the document already submitted (or cancelled) is accepted: the first try won.
 */
export async function pushDocstatus(http: FrappeHttp, m: OutgoingMutation & { kind: 'submit' | 'cancel' }): Promise<PushOutcome> {
  const docstatus = TARGET[m.kind]
  if (m.maybeApplied) {
    // Checked first: re-submitting a submitted document would save it again as an update after submit.
    const done = await alreadyThere(http, m, docstatus)
    if (done) return done
  }
  const reply = await http.call({ method: 'POST', path: resourcePath(m.doctype, m.name), body: { run_method: m.kind } })
  if (reply.kind === 'ok') return { kind: 'accepted', doc: docOf(reply.value) }
  // Cancelling a cancelled document is a ValidationError, 0→2 a DocstatusTransitionError: both 417.
  if (reply.kind !== 'rejected' || reply.error.httpStatus !== 417) return reply
  const done = await alreadyThere(http, m, docstatus)
  return done?.kind === 'accepted' ? done : reply
}
