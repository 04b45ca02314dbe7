import type { FastifyInstance } from 'fastify'
import type { Site } from './context.ts'
import { createApp } from './http/app.ts'
import { QuietSockets } from './http/quiet-sockets.ts'
import { defaultMethods } from './methods/registry.ts'
import { attachRealtime, type RealtimeServer } from './realtime/realtime-server.ts'

export interface RunningServer {
  readonly app: FastifyInstance
  readonly url: string
  /** Frappe-compatible socket.io at `/socket.io` on the same port. */
  readonly realtime: RealtimeServer
  close(): Promise<void>
}

/** Serve a site over HTTP. Port 0 picks a free port (tests). */
export async function startServer(site: Site, options: { port?: number; host?: string; logger?: boolean; staticDir?: string | undefined } = {}): Promise<RunningServer> {
  const app = createApp(site, { methods: defaultMethods(), logger: options.logger ?? false, staticDir: options.staticDir })
  const host = options.host ?? '127.0.0.1'
  const realtime = attachRealtime(site, app.server)
  const sockets = new QuietSockets(app.server)
  try {
    await realtime.ready
    await app.listen({ port: options.port ?? 8000, host })
  } catch (e) {
    await realtime.close()
    throw e
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : options.port
  return {
    app,
    realtime,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    async close() {
      await realtime.close()
      const closing = app.close()
      // no new connection is taken from here on: the ones waiting for nothing go now
      sockets.closeQuiet()
      await closing
      await site.db.close()
    },
  }
}
