import type { RealtimeHint, RealtimeListener, RemoteResult } from '@outpost/core'
import { io, type Socket } from 'socket.io-client'

/** Frappe's socket.io realtime, as `watch` uses it. Every field has a default. */
export interface RealtimeOptions {
  /** Where socket.io answers: the site root by default (production benches proxy `/socket.io`; a dev bench listens on :9000). */
  readonly url?: string
  /** Frappe's namespace is `/<site name>`; by default the url's hostname. */
  readonly siteName?: string
  /**
   * How long to wait for a subscription's answer before telling the listener it is live. The
   * Outpost server answers at once; stock Frappe never answers, so this is the delay there.
   */
  readonly ackTimeoutMs?: number
  /** First and longest wait between reconnection attempts. Default 1 s and 30 s. */
  readonly retryMs?: number
  readonly retryMaxMs?: number
}

/** What the socket authenticates with: the API token, or the `sid` of a login. */
export interface RealtimeCredentials {
  readonly token?: string
  readonly sid?: string
}

/** The remote's credentials; `renew` after the server refused them (log in again). */
export type CredentialSource = (renew: boolean) => Promise<RemoteResult<RealtimeCredentials>>

interface Watcher {
  readonly doctypes: ReadonlySet<string>
  readonly listener: RealtimeListener
  /** `connected` was told and `disconnected` not since. */
  live: boolean
}

/** A Node program may set headers on the handshake; a browser sends its own cookies and Origin. */
const inBrowser = (): boolean => typeof (globalThis as { document?: unknown }).document !== 'undefined'

/** Call a listener; one that throws must not stop the others. */
function tell(fn: () => void): void {
  try {
    fn()
  } catch (e) {
    console.error('realtime listener failed', e)
  }
}

/** A hint from an event's message, if it is one: `{doctype, name}` (doc_rename: the new name). */
function hintOf(event: string, message: unknown): RealtimeHint | undefined {
  if (typeof message !== 'object' || message === null) return undefined
  const m = message as Record<string, unknown>
  const doctype = m['doctype']
  const name = event === 'doc_rename' ? m['new'] : m['name']
  if (typeof doctype !== 'string' || doctype === '') return undefined
  return typeof name === 'string' && name !== '' ? { doctype, name } : { doctype }
}

/**
 * One socket.io connection shared by every `watch`: opened on the first, closed with the last.
 * On every (re)connect each watched DocType is subscribed again (rooms do not survive a
 * reconnect) and then each listener hears `connected`, so that it pulls what it missed.
 */
export class RealtimeClient {
  readonly #watchers = new Set<Watcher>()
  #socket: Socket | undefined
  #opening = false
  #retry: ReturnType<typeof setTimeout> | undefined
  #failures = 0
  /** Bumped at each connect and disconnect: late answers of an older connection are ignored. */
  #epoch = 0

  constructor(private readonly baseUrl: string, private readonly options: RealtimeOptions, private readonly credentials: CredentialSource) {}

  watch(doctypes: readonly string[], listener: RealtimeListener): () => void {
    const watcher: Watcher = { doctypes: new Set(doctypes), listener, live: false }
    this.#watchers.add(watcher)
    if (this.#socket?.connected) void this.goLive([watcher], this.#epoch)
    else if (!this.#socket && !this.#opening && this.#retry === undefined) void this.open(false)
    let done = false
    return () => {
      if (done) return
      done = true
      this.#watchers.delete(watcher)
      this.leaveRooms(watcher)
      if (this.#watchers.size === 0) this.shutdown()
    }
  }

  async close(): Promise<void> {
    this.#watchers.clear()
    this.shutdown()
  }

  private get url(): string {
    return (this.options.url ?? this.baseUrl).replace(/\/+$/, '')
  }

  private namespace(): string {
    return `/${this.options.siteName ?? new URL(this.url).hostname}`
  }

  /** Handshake options for these credentials. */
  private handshake(c: RealtimeCredentials): { extraHeaders?: Record<string, string>; auth: Record<string, string> } {
    const auth: Record<string, string> = c.token === undefined ? {} : { token: `token ${c.token}` }
    if (inBrowser()) return { auth }
    // Frappe's realtime wants a Cookie header and an Origin on the site's host, even with a token.
    const headers: Record<string, string> = { origin: new URL(this.url).origin, cookie: c.sid === undefined ? 'outpost_realtime=1' : `sid=${encodeURIComponent(c.sid)}` }
    if (c.token !== undefined) headers['authorization'] = `token ${c.token}`
    return { extraHeaders: headers, auth }
  }

  /** Get credentials (a fresh login when `renew`), then connect; retry later when that fails. */
  private async open(renew: boolean): Promise<void> {
    this.#opening = true
    const got = await this.credentials(renew).catch((): undefined => undefined)
    this.#opening = false
    if (this.#watchers.size === 0) return
    if (!got || got.kind !== 'ok') return this.retryLater(got?.kind === 'auth')
    const { extraHeaders, auth } = this.handshake(got.value)
    if (this.#socket) {
      // A refused or server-closed socket: same socket, new credentials.
      if (extraHeaders) this.#socket.io.opts.extraHeaders = extraHeaders
      this.#socket.auth = auth
      this.#socket.connect()
      return
    }
    const delay = this.options.retryMs ?? 1000
    this.#socket = io(this.url + this.namespace(), {
      path: '/socket.io', withCredentials: true, autoConnect: false, auth, ...(extraHeaders ? { extraHeaders } : {}),
      reconnectionDelay: delay, reconnectionDelayMax: Math.max(delay, this.options.retryMaxMs ?? 30_000),
    })
    this.listen(this.#socket)
    this.#socket.connect()
  }

  private listen(socket: Socket): void {
    socket.on('connect', () => {
      this.#failures = 0
      void this.goLive([...this.#watchers], ++this.#epoch)
    })
    socket.on('disconnect', (reason) => {
      this.#epoch++
      for (const w of this.#watchers) if (w.live) {
        w.live = false
        tell(() => w.listener.disconnected())
      }
      // socket.io reconnects by itself after a network loss, not after the server closed the socket.
      if (reason === 'io server disconnect') this.retryLater(false)
    })
    socket.on('connect_error', (error: Error & { data?: { exc_type?: unknown } }) => {
      // `active`: socket.io keeps trying (network trouble). Otherwise the server refused the handshake.
      if (socket.active) return
      this.retryLater(error.data?.exc_type === 'AuthenticationError' || error.message.startsWith('Unauthorized'))
    })
    for (const event of ['list_update', 'doc_update', 'doc_rename']) {
      socket.on(event, (message: unknown) => this.hint(event, message))
    }
  }

  private hint(event: string, message: unknown): void {
    const hint = hintOf(event, message)
    if (!hint) return
    for (const w of this.#watchers) if (w.doctypes.has(hint.doctype)) tell(() => w.listener.changed(hint))
  }

  /** Subscribe the watchers' DocTypes, wait for the answers (or the timeout), then say `connected`. */
  private async goLive(watchers: readonly Watcher[], epoch: number): Promise<void> {
    const socket = this.#socket
    if (!socket) return
    const doctypes = new Set(watchers.flatMap((w) => [...w.doctypes]))
    const timeout = this.options.ackTimeoutMs ?? 2000
    await Promise.all([...doctypes].map((d) => socket.timeout(timeout).emitWithAck('doctype_subscribe', d).catch(() => undefined)))
    if (epoch !== this.#epoch || !socket.connected) return
    for (const w of watchers) {
      if (!this.#watchers.has(w) || w.live) continue
      w.live = true
      tell(() => w.listener.connected())
    }
  }

  /** Leave the rooms of DocTypes no other watcher wants. */
  private leaveRooms(gone: Watcher): void {
    const socket = this.#socket
    if (!socket?.connected) return
    const wanted = new Set([...this.#watchers].flatMap((w) => [...w.doctypes]))
    for (const d of gone.doctypes) if (!wanted.has(d)) socket.emit('doctype_unsubscribe', d)
  }

  private retryLater(renew: boolean): void {
    if (this.#retry !== undefined || this.#watchers.size === 0) return
    const base = this.options.retryMs ?? 1000
    const wait = Math.min(this.options.retryMaxMs ?? 30_000, base * 2 ** Math.min(this.#failures++, 10))
    this.#retry = setTimeout(() => {
      this.#retry = undefined
      void this.open(renew)
    }, wait * (0.5 + Math.random() / 2))
  }

  private shutdown(): void {
    if (this.#retry !== undefined) clearTimeout(this.#retry)
    this.#retry = undefined
    this.#failures = 0
    this.#epoch++
    const socket = this.#socket
    this.#socket = undefined
    if (!socket) return
    socket.removeAllListeners()
    socket.close()
  }
}
