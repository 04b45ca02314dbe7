import type { Socket } from 'socket.io'
import { FrappeError, type DocType } from '@outpost/meta'
import type { Site } from '../context.ts'
import { loadDoc } from '../documents/doc-repo.ts'
import { asUser, type Caller } from '../http/execute.ts'
import { hasPermission, notPermitted } from '../permissions/has-permission.ts'
import type { UserContext } from '../permissions/user-context.ts'
import { docRoom, doctypeRoom, SITE_ROOM, userRoom, WEBSITE_ROOM } from './frappe-events.ts'
import { RealtimeRefusal, realtimeUser } from './socket-auth.ts'

/** What the server keeps per socket: its credentials, and its user as last authenticated. */
export interface SocketData {
  caller: Caller
  user: UserContext
}

type Handler = (...args: unknown[]) => void

/** Events a client sends (Frappe's names); arguments are checked, never trusted. */
export interface ClientEvents {
  doctype_subscribe: Handler
  doctype_unsubscribe: Handler
  doc_subscribe: Handler
  doc_unsubscribe: Handler
  ping: Handler
}

/** Events the server sends. */
export interface ServerEvents {
  doc_update: (message: Readonly<Record<string, string>>) => void
  list_update: (message: Readonly<Record<string, string>>) => void
  doc_rename: (message: Readonly<Record<string, string>>) => void
  pong: () => void
}

export type RealtimeSocket = Socket<ClientEvents, ServerEvents, Record<string, never>, SocketData>

/** The answer to a subscription when the client asked for one (an Outpost addition; Frappe sends none). */
export type SubscribeAck =
  | { readonly ok: true; readonly room: string }
  | { readonly ok: false; readonly exc_type: string; readonly message: string }

type Ack = (answer: SubscribeAck) => void

/** socket.io passes a client's acknowledgement callback as the last argument. */
function split(args: readonly unknown[]): { values: unknown[]; ack: Ack | undefined } {
  const last = args[args.length - 1]
  if (typeof last === 'function') return { values: args.slice(0, -1), ack: last as Ack }
  return { values: [...args], ack: undefined }
}

function textArg(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 1000) {
    throw new FrappeError('ValidationError', `${what} must be a non-empty string`)
  }
  return value
}

function requireReadable(site: Site, name: string, user: UserContext): DocType {
  const doctype = site.schema.get(name)
  if (!doctype) throw new FrappeError('DoesNotExistError', `DocType ${name} not found`)
  if (!hasPermission(site.schema, doctype, 'read', user)) throw notPermitted(doctype.name, 'read')
  return doctype
}

/**
 * Frappe's `frappe.realtime.has_permission(doctype, name)`, asked with the socket's own
 * credentials at every subscription (a session that ended since the handshake is refused).
 * The answer is the room to join.
 */
async function permittedRoom(site: Site, socket: RealtimeSocket, doctypeName: string, docName: string | undefined): Promise<string> {
  const user = await realtimeUser(site, socket.data.caller)
  socket.data.user = user
  const doctype = requireReadable(site, doctypeName, user)
  if (docName === undefined) return doctypeRoom(doctype.name)
  const doc = await asUser(site, user, true, (ctx) => loadDoc(ctx.tx, site.schema, doctype, docName))
  if (!doc) throw new FrappeError('DoesNotExistError', `${doctype.name} ${docName} not found`)
  if (!hasPermission(site.schema, doctype, 'read', user, doc)) throw notPermitted(doctype.name, 'read', String(doc['name']))
  return docRoom(doctype.name, String(doc['name']))
}

function refusal(e: unknown): SubscribeAck {
  if (e instanceof RealtimeRefusal) return { ok: false, exc_type: e.data.exc_type, message: e.message }
  if (e instanceof FrappeError) return { ok: false, exc_type: e.excType, message: e.message }
  console.error('realtime subscription failed', e)
  return { ok: false, exc_type: 'InternalServerError', message: 'The subscription could not be checked' }
}

/** `doctype_subscribe` / `doc_subscribe`: join when the user may read, as Frappe. */
function onSubscribe(site: Site, socket: RealtimeSocket, withDoc: boolean): Handler {
  return (...args) => {
    const { values, ack } = split(args)
    const run = async (): Promise<SubscribeAck> => {
      const doctype = textArg(values[0], 'doctype')
      const room = await permittedRoom(site, socket, doctype, withDoc ? textArg(values[1], 'docname') : undefined)
      await socket.join(room)
      return { ok: true, room }
    }
    run().catch(refusal).then((answer) => ack?.(answer), (e: unknown) => console.error('realtime ack failed', e))
  }
}

/** `doctype_unsubscribe` / `doc_unsubscribe`: leave the room (unknown rooms are no-ops, as Frappe). */
function onUnsubscribe(socket: RealtimeSocket, withDoc: boolean): Handler {
  return (...args) => {
    const { values, ack } = split(args)
    const [doctype, name] = values
    if (typeof doctype !== 'string' || (withDoc && typeof name !== 'string')) {
      ack?.({ ok: false, exc_type: 'ValidationError', message: withDoc ? 'doctype and docname must be strings' : 'doctype must be a string' })
      return
    }
    const room = withDoc ? docRoom(doctype, String(name)) : doctypeRoom(doctype)
    void Promise.resolve(socket.leave(room)).then(() => ack?.({ ok: true, room }))
  }
}

/** A connected socket: Frappe's automatic rooms and its subscription events (`realtime/handlers.js`). */
export function serveSocket(site: Site, socket: RealtimeSocket): void {
  const user = socket.data.user
  void socket.join([userRoom(user.name), WEBSITE_ROOM, SITE_ROOM])
  socket.on('doctype_subscribe', onSubscribe(site, socket, false))
  socket.on('doc_subscribe', onSubscribe(site, socket, true))
  socket.on('doctype_unsubscribe', onUnsubscribe(socket, false))
  socket.on('doc_unsubscribe', onUnsubscribe(socket, true))
  socket.on('ping', () => socket.emit('pong'))
}
