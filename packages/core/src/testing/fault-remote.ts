import type { OutgoingMutation, PullRequest, Remote, RemoteError, RemoteFailure } from '../ports/remote.ts'

/** What can go wrong on the way to the server and back. */
export type Fault =
  | { readonly kind: 'drop-request' }
  | { readonly kind: 'drop-response' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'server-error'; readonly status: 500 | 502 | 503 }
  | { readonly kind: 'rate-limit'; readonly retryAfterMs: number }
  | { readonly kind: 'unauthorized' }
  /** The server applies the first `applied` mutations of a batch, then the connection dies. */
  | { readonly kind: 'cut-batch'; readonly applied: number }

export type RemoteCall =
  | { readonly op: 'push'; readonly mutation: OutgoingMutation }
  | { readonly op: 'pushBatch'; readonly mutations: readonly OutgoingMutation[] }
  | { readonly op: 'pull'; readonly request: PullRequest }
  | { readonly op: 'listNames' | 'getDocTypes'; readonly doctype: string }
  | { readonly op: 'fetchDocs'; readonly doctype: string; readonly names: readonly string[] }

export interface FaultRemote extends Remote {
  /** Calls made so far, with the fault each one got. */
  readonly log: { call: RemoteCall; fault: Fault | undefined }[]
  /** Replace the fault plan. */
  plan(next: (call: RemoteCall, n: number) => Fault | undefined): void
}

const err = (excType: string, httpStatus: number | undefined, message: string): RemoteError => ({ excType, httpStatus, message, messages: [message] })

const lost = (): RemoteFailure => ({ kind: 'offline', error: err('NetworkError', undefined, 'Injected: response lost after the server answered') })

function failure(fault: Fault): RemoteFailure | undefined {
  switch (fault.kind) {
    case 'server-error': return { kind: 'retry', retryAfterMs: undefined, error: err('InternalServerError', fault.status, `Injected ${fault.status}`) }
    case 'rate-limit': return { kind: 'retry', retryAfterMs: fault.retryAfterMs, error: err('TooManyRequestsError', 429, 'Injected 429') }
    case 'unauthorized': return { kind: 'auth', error: err('AuthenticationError', 401, 'Injected 401') }
    case 'drop-request': return { kind: 'offline', error: err('NetworkError', undefined, 'Injected: request lost') }
    case 'cut-batch': return fault.applied > 0 ? undefined : { kind: 'offline', error: err('NetworkError', undefined, 'Injected: request lost') }
    default: return undefined
  }
}

/** A batch the server applied only the start of before the connection died: nothing comes back. */
async function cutBatch(inner: Remote, mutations: readonly OutgoingMutation[], applied: number): Promise<RemoteFailure> {
  if (inner.pushBatch) await inner.pushBatch(mutations.slice(0, applied))
  return lost()
}

/**
 * Wraps a Remote and injects faults by plan: lose the request, lose the response after the
 * server committed (all of a batch or its first mutations), delay, 5xx, 429 with Retry-After,
 * 401. Deterministic: the plan decides. Batches go through when the inner Remote takes them.
 */
export function faultRemote(inner: Remote, sleep: (ms: number) => Promise<void> = async () => {}): FaultRemote {
  let plan: (call: RemoteCall, n: number) => Fault | undefined = () => undefined
  const log: { call: RemoteCall; fault: Fault | undefined }[] = []
  async function through<T extends { kind: string }>(call: RemoteCall, forward: () => Promise<T>): Promise<T | RemoteFailure> {
    const fault = plan(call, log.length)
    log.push({ call, fault })
    if (fault?.kind === 'delay') await sleep(fault.ms)
    const failed = fault ? failure(fault) : undefined
    if (failed) return failed
    if (fault?.kind === 'cut-batch' && call.op === 'pushBatch') return cutBatch(inner, call.mutations, fault.applied)
    const result = await forward()
    if (fault?.kind === 'drop-response' || fault?.kind === 'cut-batch') return lost()
    return result
  }
  const pushBatch = inner.pushBatch?.bind(inner)
  const watch = inner.watch?.bind(inner)
  const count = inner.count?.bind(inner)
  return {
    capabilities: inner.capabilities,
    log,
    plan(next) {
      plan = next
    },
    getDocTypes: (doctype) => through({ op: 'getDocTypes', doctype }, () => inner.getDocTypes(doctype)),
    push: (mutation) => through({ op: 'push', mutation }, () => inner.push(mutation)),
    ...(pushBatch ? { pushBatch: (mutations: readonly OutgoingMutation[]) => through({ op: 'pushBatch', mutations }, () => pushBatch(mutations)) } : {}),
    pull: (request) => through({ op: 'pull', request }, () => inner.pull(request)),
    listNames: (doctype) => through({ op: 'listNames', doctype }, () => inner.listNames(doctype)),
    fetchDocs: (doctype, names) => through({ op: 'fetchDocs', doctype, names }, () => inner.fetchDocs(doctype, names)),
    ...(watch ? { watch } : {}),
    ...(count ? { count } : {}),
    close: () => inner.close?.() ?? Promise.resolve(),
  }
}
