import type { IncomingHttpHeaders } from 'node:http'
import type { Site } from '../context.ts'
import { execute, type Caller } from '../http/execute.ts'
import { GUEST, type UserContext } from '../permissions/user-context.ts'

/** What a socket.io handshake carries that authentication reads. */
export interface HandshakeInfo {
  readonly namespace: string
  readonly headers: IncomingHttpHeaders
  /** socket.io's `auth` payload (`io(url, { auth: { token } })`). */
  readonly auth: Readonly<Record<string, unknown>>
}

/** A refused handshake: socket.io hands `message` and `data` to the client's `connect_error`. */
export class RealtimeRefusal extends Error {
  readonly data: { readonly exc_type: string }
  constructor(excType: string, message: string) {
    super(message)
    this.name = 'RealtimeRefusal'
    this.data = { exc_type: excType }
  }
}

const header = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)

/** Frappe's `get_hostname`: a URL or `host:port` without scheme, path and port. */
export function hostnameOf(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined
  const host = value.includes('://') ? (value.split('/')[2] ?? '') : value
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1)
  return host.includes(':') ? host.slice(0, host.indexOf(':')) : host
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i > 0 && part.slice(0, i).trim() === name) {
      const raw = part.slice(i + 1).trim().replace(/^"(.*)"$/, '$1')
      try {
        return decodeURIComponent(raw)
      } catch {
        return raw
      }
    }
  }
  return undefined
}

/** `auth.token` as an Authorization header: `token key:secret`, or the bare `key:secret`. */
function tokenHeader(token: unknown): string | undefined {
  if (typeof token !== 'string' || token.trim() === '') return undefined
  return /^\s*(token|basic)\s/i.test(token) ? token : `token ${token.trim()}`
}

/**
 * The site a socket addresses, as Frappe's `get_site_name`: the `X-Frappe-Site-Name` header,
 * else the Host. The reference server serves one site; `/` is accepted too.
 */
function checkNamespace(h: HandshakeInfo): void {
  if (h.namespace === '/') return
  const site = hostnameOf(header(h.headers['x-frappe-site-name'])) ?? hostnameOf(header(h.headers.host))
  if (h.namespace !== `/${site ?? ''}`) throw new RealtimeRefusal('PermissionError', `Invalid namespace ${h.namespace}: connect to / or /${site ?? '<site name>'}`)
}

/**
 * Frappe refuses a socket whose Origin is another host than the one it connected to (a page of
 * another site must not ride on the user's cookie). Clients without an Origin (Node) pass.
 */
function checkOrigin(h: HandshakeInfo): void {
  const origin = header(h.headers.origin)
  if (origin !== undefined && hostnameOf(origin) !== hostnameOf(header(h.headers.host))) {
    throw new RealtimeRefusal('PermissionError', 'Invalid origin')
  }
}

/** The handshake's credentials: the Authorization header or `auth.token`, else the `sid` cookie. */
export function handshakeCaller(h: HandshakeInfo): Caller {
  const authorization = header(h.headers.authorization) ?? tokenHeader(h.auth['token'])
  const sid = cookieValue(header(h.headers.cookie), 'sid') ?? (typeof h.auth['sid'] === 'string' ? h.auth['sid'] : undefined)
  if (authorization === undefined && (sid === undefined || sid === GUEST)) {
    throw new RealtimeRefusal('AuthenticationError', 'No authentication method used. Use cookie or authorization header.')
  }
  return { authorization, sid }
}

/** The caller's user, freshly authenticated; a Guest (an unknown or expired `sid`) is refused. */
export async function realtimeUser(site: Site, caller: Caller): Promise<UserContext> {
  let user: UserContext
  try {
    user = await execute(site, { authorization: caller.authorization, sid: caller.sid }, true, async (ctx) => ctx.user)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    throw new RealtimeRefusal('AuthenticationError', `Unauthorized: ${message}`)
  }
  if (user.name === GUEST) throw new RealtimeRefusal('AuthenticationError', 'Unauthorized: the session has expired or is not logged in; log in again')
  return user
}

/** Check a handshake and authenticate it, as Frappe's realtime `authenticate` middleware. */
export async function authenticateHandshake(site: Site, h: HandshakeInfo): Promise<{ caller: Caller; user: UserContext }> {
  checkNamespace(h)
  checkOrigin(h)
  const caller = handshakeCaller(h)
  return { caller, user: await realtimeUser(site, caller) }
}
