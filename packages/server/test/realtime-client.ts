import { io, type Socket } from 'socket.io-client'

export interface SocketOptions {
  /** `/` by default; Frappe's clients use `/<site name>`. */
  readonly namespace?: string
  /** Sent as `Authorization: token …`. */
  readonly token?: string
  /** Sent in socket.io's `auth` payload. */
  readonly authToken?: string
  readonly cookie?: string
  readonly origin?: string
  readonly reconnection?: boolean
}

/** A socket.io client as a Node program opens one (websocket transport, headers allowed). */
export function openSocket(base: string, o: SocketOptions = {}): Socket {
  const headers: Record<string, string> = {}
  if (o.token !== undefined) headers['authorization'] = `token ${o.token}`
  if (o.cookie !== undefined) headers['cookie'] = o.cookie
  if (o.origin !== undefined) headers['origin'] = o.origin
  return io(base + (o.namespace ?? '/'), {
    path: '/socket.io', transports: ['websocket'], extraHeaders: headers, auth: o.authToken === undefined ? {} : { token: o.authToken },
    reconnection: o.reconnection ?? false, reconnectionDelay: 50, reconnectionDelayMax: 200, forceNew: true,
  })
}

/** Resolves on `connect`; a refused handshake rejects with the server's message and data. */
export function whenConnected(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const ok = (): void => {
      socket.off('connect_error', fail)
      resolve(socket)
    }
    const fail = (e: Error & { data?: unknown }): void => {
      socket.off('connect', ok)
      reject(e)
    }
    socket.once('connect', ok)
    socket.once('connect_error', fail)
  })
}

export async function connect(base: string, o: SocketOptions = {}): Promise<Socket> {
  return whenConnected(openSocket(base, o))
}

/** The refusal a handshake gets (the test fails if it connects). */
export async function refusal(base: string, o: SocketOptions = {}): Promise<{ message: string; data: unknown }> {
  const socket = openSocket(base, o)
  try {
    await whenConnected(socket)
  } catch (e) {
    const err = e as Error & { data?: unknown }
    return { message: err.message, data: err.data }
  } finally {
    socket.close()
  }
  throw new Error('the handshake was accepted')
}

export interface Heard {
  readonly event: string
  readonly message: Record<string, unknown>
}

/** Everything a socket hears of `events`, in order, with a way to wait for one. */
export class EventLog {
  readonly heard: Heard[] = []
  readonly #waiters = new Set<() => void>()

  constructor(socket: Socket, events: readonly string[] = ['list_update', 'doc_update', 'doc_rename']) {
    for (const event of events) {
      socket.on(event, (message: Record<string, unknown>) => {
        this.heard.push({ event, message })
        for (const w of this.#waiters) w()
      })
    }
  }

  of(event: string): Record<string, unknown>[] {
    return this.heard.filter((h) => h.event === event).map((h) => h.message)
  }

  /** The first heard event that matches, waiting up to `timeoutMs` for it. */
  waitFor(match: (h: Heard) => boolean, timeoutMs = 5000): Promise<Heard> {
    const found = this.heard.find(match)
    if (found) return Promise.resolve(found)
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = this.heard.find(match)
        if (!hit) return
        cleanup()
        resolve(hit)
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`no matching event within ${timeoutMs} ms; heard ${JSON.stringify(this.heard)}`))
      }, timeoutMs)
      const cleanup = (): void => {
        clearTimeout(timer)
        this.#waiters.delete(check)
      }
      this.#waiters.add(check)
    })
  }

  listUpdate(doctype: string, name: string): Promise<Heard> {
    return this.waitFor((h) => h.event === 'list_update' && h.message['doctype'] === doctype && h.message['name'] === name)
  }
}

/** Emit with an acknowledgement (the Outpost server answers subscriptions). */
export function ask(socket: Socket, event: string, ...args: unknown[]): Promise<Record<string, unknown>> {
  return socket.timeout(5000).emitWithAck(event, ...args) as Promise<Record<string, unknown>>
}

/** The `sid` of a login through the REST API. */
export async function loginSid(base: string, usr: string, pwd: string): Promise<string> {
  const res = await fetch(`${base}/api/method/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ usr, pwd }) })
  const sid = res.headers.getSetCookie().map((c) => /^sid=([^;]*)/.exec(c)?.[1]).find((v) => v !== undefined && v !== 'Guest')
  if (sid === undefined) throw new Error(`login of ${usr} failed: ${res.status}`)
  return decodeURIComponent(sid)
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
