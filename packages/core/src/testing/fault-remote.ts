import type { Doc } from '@outpost/meta'
import type { OutgoingMutation, PullOutcome, PullRequest, PushOutcome, Remote, RemoteError, RemoteResult } from '../ports/remote.ts'

/** What can go wrong on the way to the server and back. */
export type Fault =
  | { readonly kind: 'drop-request' }
  | { readonly kind: 'drop-response' }
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'server-error'; readonly status: 500 | 502 | 503 }
  | { readonly kind: 'rate-limit'; readonly retryAfterMs: number }
  | { readonly kind: 'unauthorized' }

export type RemoteCall =
  | { readonly op: 'push'; readonly mutation: OutgoingMutation }
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

type Failure = Exclude<PullOutcome, { kind: 'page' }>

function failure(fault: Fault): Failure | undefined {
  switch (fault.kind) {
    case 'server-error': return { kind: 'retry', retryAfterMs: undefined, error: err('InternalServerError', fault.status, `Injected ${fault.status}`) }
    case 'rate-limit': return { kind: 'retry', retryAfterMs: fault.retryAfterMs, error: err('TooManyRequestsError', 429, 'Injected 429') }
    case 'unauthorized': return { kind: 'auth', error: err('AuthenticationError', 401, 'Injected 401') }
    case 'drop-request': return { kind: 'offline', error: err('NetworkError', undefined, 'Injected: request lost') }
    default: return undefined
  }
}

/**
 * Wraps a Remote and injects faults by plan: lose the request, lose the response after the
 * server committed, delay, 5xx, 429 with Retry-After, 401. Deterministic: the plan decides.
 */
export function faultRemote(inner: Remote, sleep: (ms: number) => Promise<void> = async () => {}): FaultRemote {
  let plan: (call: RemoteCall, n: number) => Fault | undefined = () => undefined
  const log: { call: RemoteCall; fault: Fault | undefined }[] = []
  async function through<T extends { kind: string }>(call: RemoteCall, forward: () => Promise<T>): Promise<T | Failure> {
    const fault = plan(call, log.length)
    log.push({ call, fault })
    if (fault?.kind === 'delay') await sleep(fault.ms)
    const failed = fault ? failure(fault) : undefined
    if (failed) return failed
    const result = await forward()
    if (fault?.kind === 'drop-response') return { kind: 'offline', error: err('NetworkError', undefined, 'Injected: response lost after the server answered') }
    return result
  }
  return {
    capabilities: inner.capabilities,
    log,
    plan(next) {
      plan = next
    },
    getDocTypes: (doctype) => through({ op: 'getDocTypes', doctype }, () => inner.getDocTypes(doctype)) as Promise<RemoteResult<unknown[]>>,
    push: (mutation) => through({ op: 'push', mutation }, () => inner.push(mutation)) as Promise<PushOutcome>,
    pull: (request) => through({ op: 'pull', request }, () => inner.pull(request)) as Promise<PullOutcome>,
    listNames: (doctype) => through({ op: 'listNames', doctype }, () => inner.listNames(doctype)) as Promise<RemoteResult<string[]>>,
    fetchDocs: (doctype, names) => through({ op: 'fetchDocs', doctype, names }, () => inner.fetchDocs(doctype, names)) as Promise<RemoteResult<Doc[]>>,
    close: () => inner.close?.() ?? Promise.resolve(),
  }
}
