import type { FastifyInstance } from 'fastify'
import type { Site } from './context.ts'
import { createApp } from './http/app.ts'
import { defaultMethods } from './methods/registry.ts'

export interface RunningServer {
  readonly app: FastifyInstance
  readonly url: string
  close(): Promise<void>
}

/** Serve a site over HTTP. Port 0 picks a free port (tests). */
export async function startServer(site: Site, options: { port?: number; host?: string; logger?: boolean } = {}): Promise<RunningServer> {
  const app = createApp(site, { methods: defaultMethods(), logger: options.logger ?? false })
  const host = options.host ?? '127.0.0.1'
  await app.listen({ port: options.port ?? 8000, host })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : options.port
  return {
    app,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    async close() {
      await app.close()
      await site.db.close()
    },
  }
}
