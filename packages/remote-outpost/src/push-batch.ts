import type { BatchPushOutcome, OutgoingMutation, PushOutcome, RemoteError } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { insertBody, stripHtml, updateBody, type FrappeHttp, type Json } from '@outpost/remote-frappe'

export const PUSH_PATH = '/api/method/outpost.sync.push'
/** The protocol's limit per call. */
export const MAX_PER_CALL = 1000

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A mutation as `outpost.sync.push` takes it; documents cleaned as the REST path sends them. */
export function wireMutation(m: OutgoingMutation): Json {
  const doc = m.kind === 'insert' ? insertBody(m.doctype, m.doc ?? {}, m.outpostId) : m.kind === 'update' ? updateBody(m.doc ?? {}, undefined) : null
  return { mutation_id: m.id, outpost_id: m.outpostId, kind: m.kind, doctype: m.doctype, name: m.name, base_modified: m.baseModified ?? null, doc }
}

function resultError(r: Json): RemoteError {
  const excType = typeof r['exc_type'] === 'string' && r['exc_type'] !== '' ? r['exc_type'] : 'ValidationError'
  const messages = (Array.isArray(r['messages']) ? r['messages'] : []).filter((m): m is string => typeof m === 'string').map(stripHtml).filter((m) => m !== '')
  const message = (typeof r['message'] === 'string' ? stripHtml(r['message']) : '') || messages.join('\n') || excType
  return { excType, httpStatus: typeof r['http_status'] === 'number' ? r['http_status'] : undefined, message, messages }
}

/** A refusal by status class, as for a REST answer: 401 asks for a login, 408/429/5xx are retried. */
function refusal(error: RemoteError): PushOutcome {
  const status = error.httpStatus ?? 417
  if (status === 401) return { kind: 'auth', error }
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retry', retryAfterMs: undefined, error }
  return { kind: 'rejected', error }
}

/** One result line; `undefined` for `skipped` (not attempted) and for anything unknown. */
export function resultOutcome(r: unknown): PushOutcome | undefined {
  if (!isObject(r)) return undefined
  const doc = isObject(r['doc']) ? (r['doc'] as Doc) : undefined
  switch (r['status']) {
    case 'accepted': return { kind: 'accepted', doc }
    case 'rejected': return refusal(resultError(r))
    case 'conflict': return { kind: 'conflict', serverDoc: doc, error: { ...resultError(r), excType: typeof r['exc_type'] === 'string' ? r['exc_type'] : 'TimestampMismatchError' } }
    default: return undefined
  }
}

/**
 * A delete refused because the document is not there (404: deleted by someone else, or its name
 * now holds another document) got what it wanted, as `frappeRemote` answers it too.
 */
function asDeleted(m: OutgoingMutation, outcome: PushOutcome | undefined): PushOutcome | undefined {
  const gone = m.kind === 'delete' && outcome?.kind === 'rejected' && outcome.error.httpStatus === 404
  return gone ? { kind: 'accepted', doc: undefined } : outcome
}

/** Results matched to the mutations by `mutation_id` (by position when the server gives none). */
function matchResults(sent: readonly OutgoingMutation[], results: readonly unknown[]): (PushOutcome | undefined)[] {
  const byId = new Map<string, unknown>()
  for (const r of results) if (isObject(r) && typeof r['mutation_id'] === 'string') byId.set(r['mutation_id'], r)
  return sent.map((m, i) => asDeleted(m, resultOutcome(byId.size > 0 ? byId.get(m.id) : results[i])))
}

async function pushCall(http: FrappeHttp, chunk: readonly OutgoingMutation[]): Promise<BatchPushOutcome> {
  const reply = await http.call({ method: 'POST', path: PUSH_PATH, body: { mutations: chunk.map(wireMutation) } })
  if (reply.kind !== 'ok') return reply
  const message = reply.value['message']
  const results = isObject(message) ? message['results'] : undefined
  if (!Array.isArray(results)) return { kind: 'offline', error: { excType: 'InvalidResponse', httpStatus: undefined, message: 'The push answer has no results', messages: [] } }
  return { kind: 'results', results: matchResults(chunk, results) }
}

/**
 * `outpost.sync.push`, at most 1,000 mutations per call, in order. When a later call fails, the
 * mutations it carried are left `undefined` (not known to be applied): the engine sends them
 * again with the same ids, and the server answers what it stored.
 */
export async function pushBatch(http: FrappeHttp, mutations: readonly OutgoingMutation[], perCall = MAX_PER_CALL): Promise<BatchPushOutcome> {
  const results: (PushOutcome | undefined)[] = []
  for (let i = 0; i < mutations.length; i += perCall) {
    const outcome = await pushCall(http, mutations.slice(i, i + perCall))
    if (outcome.kind !== 'results') {
      if (i === 0) return outcome
      return { kind: 'results', results: [...results, ...mutations.slice(i).map(() => undefined)] }
    }
    results.push(...outcome.results)
  }
  return { kind: 'results', results }
}

/** One mutation through the batch method. */
export async function pushOne(http: FrappeHttp, m: OutgoingMutation): Promise<PushOutcome> {
  const outcome = await pushBatch(http, [m])
  if (outcome.kind !== 'results') return outcome
  return outcome.results[0] ?? { kind: 'retry', retryAfterMs: undefined, error: { excType: 'InvalidResponse', httpStatus: undefined, message: 'The server did not attempt the mutation', messages: [] } }
}
