import type { Server as HttpServer } from 'node:http'
import { Server, type Namespace } from 'socket.io'
import type { Site } from '../context.ts'
import { hasPermission } from '../permissions/has-permission.ts'
import type { UserContext } from '../permissions/user-context.ts'
import { onCommittedChanges } from './doc-events.ts'
import { startFanout } from './fanout.ts'
import { frappeEmissions, type Emission } from './frappe-events.ts'
import { authenticateHandshake, RealtimeRefusal } from './socket-auth.ts'
import { serveSocket, type ClientEvents, type RealtimeSocket, type ServerEvents, type SocketData } from './subscriptions.ts'

/** Frappe's socket.io path. */
export const REALTIME_PATH = '/socket.io'

type RealtimeNamespace = Namespace<ClientEvents, ServerEvents, Record<string, never>, SocketData>

export interface RealtimeServer {
  readonly io: Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>
  /** Settles once events of other server processes on the same database are heard too. */
  readonly ready: Promise<void>
  /**
   * Disconnect every socket (socket.io's server-side disconnect: clients do not reconnect on
   * their own; Outpost's do, authenticating again).
   */
  disconnectAll(): void
  /** Refuse new sockets and drop the open ones (clients see a transport close and reconnect). */
  close(): Promise<void>
}

/** Whether `user` may read the document in one of the states the emit stands for. */
function mayRead(user: UserContext, e: Emission, site: Site): boolean {
  return e.docs.some((doc) => hasPermission(site.schema, e.doctype, 'read', user, doc))
}

/** Emit each of a commit's events to its room's sockets that may read the document. */
function broadcast(site: Site, namespaces: ReadonlySet<RealtimeNamespace>, emissions: readonly Emission[]): void {
  for (const e of emissions) {
    for (const nsp of namespaces) {
      for (const id of nsp.adapter.rooms.get(e.room) ?? []) {
        const socket = nsp.sockets.get(id)
        if (socket && mayRead(socket.data.user, e, site)) socket.emit(e.event, e.message)
      }
    }
  }
}

/** Authenticate each handshake (Frappe's middleware) and serve the sockets that pass. */
function serveNamespace(site: Site, nsp: RealtimeNamespace, namespaces: Set<RealtimeNamespace>): void {
  nsp.use((socket, next) => {
    const h = { namespace: socket.nsp.name, headers: socket.handshake.headers, auth: socket.handshake.auth as Record<string, unknown> }
    authenticateHandshake(site, h).then(({ caller, user }) => {
      socket.data.caller = caller
      socket.data.user = user
      next()
    }, (e: unknown) => next(e instanceof RealtimeRefusal ? e : new RealtimeRefusal('InternalServerError', 'Realtime authentication failed')))
  })
  nsp.on('connection', (socket: RealtimeSocket) => {
    namespaces.add(socket.nsp)
    socket.on('disconnect', () => {
      if (socket.nsp.name !== '/' && socket.nsp.sockets.size === 0) namespaces.delete(socket.nsp)
    })
    serveSocket(site, socket)
  })
}

/**
 * Frappe's realtime server on the site's own HTTP server, at `/socket.io`: namespace `/` or
 * `/<site name>` (Frappe's multi-tenant namespace), rooms and events as Frappe v15, events
 * sent after commit only.
 */
export function attachRealtime(site: Site, httpServer: HttpServer): RealtimeServer {
  let closing = false
  const io = new Server<ClientEvents, ServerEvents, Record<string, never>, SocketData>(httpServer, {
    path: REALTIME_PATH,
    serveClient: false,
    cleanupEmptyChildNamespaces: true,
    allowRequest: (_req, callback) => callback(closing ? 'Server shutting down' : null, !closing),
  })
  const namespaces = new Set<RealtimeNamespace>([io.of('/')])
  serveNamespace(site, io.of('/'), namespaces)
  // Any other namespace is a site name, checked by the handshake (socket.io creates it on demand).
  serveNamespace(site, io.of(/^\/.+$/) as unknown as RealtimeNamespace, namespaces)
  const stop = onCommittedChanges(site, (events) => {
    // Nobody listening (a batch import, a benchmark): no work per commit.
    if (io.engine.clientsCount > 0) broadcast(site, namespaces, frappeEmissions(events))
  })
  // several processes on one database (PostgreSQL): each hears the others' commits
  const fanout = site.db.bus ? startFanout(site, site.db.bus) : Promise.resolve(async () => {})
  return {
    io,
    ready: fanout.then(() => undefined),
    disconnectAll() {
      for (const nsp of namespaces) nsp.disconnectSockets(true)
    },
    async close() {
      closing = true
      stop()
      await (await fanout.catch(() => async () => {}))()
      io.engine.close()
      namespaces.clear()
    },
  }
}
