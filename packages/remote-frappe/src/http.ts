import type { RemoteError, RemoteResult } from '@outpost/core'
import { decodeError, networkError, parseRetryAfter } from './decode-error.ts'
import type { ResolvedOptions } from './options.ts'
import { sidFrom } from './session-cookie.ts'

export type Json = Record<string, unknown>
export type Failure = Exclude<RemoteResult<unknown>, { kind: 'ok' }>
export type Reply = RemoteResult<Json>

export interface HttpCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  readonly path: string
  readonly query?: Record<string, unknown>
  readonly body?: unknown
  /** The `accept` header; JSON by default. */
  readonly accept?: string
}

/**
 * Reads a 2xx answer's body as it arrives (`res.body`) into an outcome. It may throw when the
 * connection drops or the request times out: the answer is then `offline`.
 */
export type BodyReader<T> = (res: Response) => Promise<T>

/** What came back before classification: an HTTP answer, a 2xx body still streaming, or nothing at all. */
type Raw =
  | { readonly kind: 'http'; readonly res: Response; readonly body: Json; readonly json: boolean }
  | { readonly kind: 'stream'; readonly res: Response }
  | { readonly kind: 'network'; readonly error: RemoteError }

const isRaw = (r: Raw | Failure): r is Raw => r.kind === 'http' || r.kind === 'stream' || r.kind === 'network'

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return ''
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, typeof v === 'string' ? v : JSON.stringify(v))
  const s = qs.toString()
  return s ? `?${s}` : ''
}

function parseBody(text: string): Json | undefined {
  if (text.trim() === '') return {}
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : { data: value }
  } catch {
    return undefined
  }
}

/** Status classes of DESIGN "Push": 2xx ok, 401 auth, 408/429/5xx retry, other 4xx rejected. */
function classify(raw: Raw): Reply {
  if (raw.kind === 'network') return { kind: 'offline', error: raw.error }
  if (raw.kind === 'stream') return { kind: 'offline', error: { excType: 'InvalidResponse', httpStatus: raw.res.status, message: 'A streamed answer where JSON was expected', messages: [] } }
  const { res, body } = raw
  if (res.ok) {
    // A 2xx that is not JSON came from something in between (a captive portal, a proxy page).
    if (!raw.json) return { kind: 'offline', error: { excType: 'InvalidResponse', httpStatus: res.status, message: 'The server answered with something other than JSON', messages: [] } }
    return { kind: 'ok', value: body }
  }
  const error = decodeError(res.status, body, res.statusText)
  // a dead `sid` is answered as Guest, flagged: a login is what it needs, whatever the auth mode
  if (sessionLost(raw)) return { kind: 'auth', error }
  // Frappe answers JSON: a 403 page that is not came from something in between (a proxy, a firewall)
  if (res.status === 403 && !raw.json) return { kind: 'offline', error }
  if (res.status === 408 || res.status === 429 || res.status >= 500) {
    return { kind: 'retry', retryAfterMs: parseRetryAfter(res.headers.get('retry-after')), error }
  }
  return { kind: 'rejected', error }
}

/** A 401, or a Guest answer flagged `session_expired`: the `sid` died. */
function sessionLost(raw: Raw): boolean {
  if (raw.kind !== 'http') return false
  return raw.res.status === 401 || (raw.res.status === 403 && Boolean(raw.body['session_expired']))
}

/** Frappe v1 over fetch: token or `sid` session, one re-login on a lost session, never throws. */
export class FrappeHttp {
  #sid: string | undefined
  #loggingIn: Promise<Reply> | undefined

  constructor(private readonly options: ResolvedOptions) {}

  async call(call: HttpCall): Promise<Reply> {
    const raw = await this.exchange(call, false)
    return isRaw(raw) ? this.#refusedToUser(classify(raw)) : raw
  }

  /**
   * A 403 to a session without a token may mean the session is gone: Frappe then answers as
   * Guest, and a cookie it cleared carries no `session_expired` any more. Ask who we are; a
   * refusal stands only for a logged-in user (the engine removes a DocType its user may not
   * read), else it is a login to ask for, or, when that cannot be told, offline.
   */
  async #refusedToUser<T extends Reply | Failure>(reply: T): Promise<T | Failure> {
    if (this.options.token !== undefined || reply.kind !== 'rejected' || reply.error.httpStatus !== 403) return reply
    const who = classify(await this.send({ method: 'GET', path: '/api/method/frappe.auth.get_logged_user' }))
    if (who.kind === 'ok') return typeof who.value['message'] === 'string' && who.value['message'] !== 'Guest' ? reply : { kind: 'auth', error: reply.error }
    if (who.kind === 'auth' || who.kind === 'rejected') return { kind: 'auth', error: reply.error }
    return { kind: 'offline', error: reply.error }
  }

  /**
   * Like `call`, but a 2xx body is handed to `read` as it arrives (NDJSON, say) instead of being
   * read whole first; other answers are classified as `call` does.
   */
  async stream<T>(call: HttpCall, read: BodyReader<T>): Promise<T | Failure> {
    const raw = await this.exchange(call, true)
    if (!isRaw(raw)) return raw
    if (raw.kind !== 'stream') {
      const reply = await this.#refusedToUser(classify(raw))
      return reply.kind === 'ok' ? { kind: 'offline', error: { excType: 'InvalidResponse', httpStatus: undefined, message: 'Unexpected answer', messages: [] } } : reply
    }
    try {
      return await read(raw.res)
    } catch (e) {
      return { kind: 'offline', error: networkError(e, this.options.timeoutMs) }
    }
  }

  /** Send with the session, logging in again once when it was lost; a failed login is the answer. */
  private async exchange(call: HttpCall, streaming: boolean): Promise<Raw | Failure> {
    if (this.options.login && this.#sid === undefined) {
      const logged = await this.login()
      if (logged.kind !== 'ok') return logged
    }
    const usedSid = this.#sid
    const first = await this.send(call, true, streaming)
    if (!this.options.login || !sessionLost(first)) return first
    // Another call may have logged in again meanwhile; only log in when our sid is still the current one.
    if (this.#sid === usedSid) {
      this.#sid = undefined
      const logged = await this.login()
      if (logged.kind !== 'ok') return logged
    }
    return this.send(call, true, streaming)
  }

  /**
   * Credentials for another channel (realtime): the token, or the session's `sid`, logging in
   * first when there is none yet, or again when `renew` (the other channel was refused).
   */
  async credentials(renew: boolean): Promise<RemoteResult<{ token?: string; sid?: string }>> {
    if (this.options.token !== undefined) return { kind: 'ok', value: { token: this.options.token } }
    if (!this.options.login) return { kind: 'ok', value: {} }
    if (renew || this.#sid === undefined) {
      const logged = await this.login()
      if (logged.kind !== 'ok') return logged
    }
    return { kind: 'ok', value: this.#sid === undefined ? {} : { sid: this.#sid } }
  }

  /** `POST /api/method/login`; concurrent callers share one attempt. */
  login(): Promise<Reply> {
    this.#loggingIn ??= this.doLogin().finally(() => {
      this.#loggingIn = undefined
    })
    return this.#loggingIn
  }

  private async doLogin(): Promise<Reply> {
    const login = this.options.login
    if (!login) return { kind: 'ok', value: {} }
    const raw = await this.send({ method: 'POST', path: '/api/method/login', body: login }, false)
    const reply = classify(raw)
    if (reply.kind === 'rejected' && reply.error.httpStatus === 403) return { kind: 'auth', error: reply.error }
    if (reply.kind !== 'ok' || raw.kind !== 'http') return reply
    const sid = sidFrom(raw.res.headers)
    if (sid === undefined) return { kind: 'auth', error: { excType: 'AuthenticationError', httpStatus: raw.res.status, message: 'Login answered without a session cookie', messages: [] } }
    this.#sid = sid
    return reply
  }

  private headers(call: HttpCall, withAuth: boolean): Record<string, string> {
    const h: Record<string, string> = { accept: call.accept ?? 'application/json' }
    if (call.body !== undefined) h['content-type'] = 'application/json'
    if (!withAuth) return h
    if (this.options.token !== undefined) h['authorization'] = `token ${this.options.token}`
    else if (this.#sid !== undefined) h['cookie'] = `sid=${encodeURIComponent(this.#sid)}`
    return h
  }

  private async send(call: HttpCall, withAuth = true, streaming = false): Promise<Raw> {
    const url = this.options.baseUrl + call.path + queryString(call.query)
    try {
      const res = await this.options.fetch(url, {
        method: call.method,
        headers: this.headers(call, withAuth),
        body: call.body === undefined ? null : JSON.stringify(call.body),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      })
      if (streaming && res.ok) return { kind: 'stream', res }
      const text = await res.text()
      const body = parseBody(text)
      return { kind: 'http', res, body: body ?? { _text: text }, json: body !== undefined }
    } catch (e) {
      return { kind: 'network', error: networkError(e, this.options.timeoutMs) }
    }
  }
}
