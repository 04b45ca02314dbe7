import cookie from '@fastify/cookie'
import { FrappeError } from '@outpost/meta'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import type { Site } from '../context.ts'
import type { MethodRegistry } from '../methods/method-spec.ts'
import { errorReply, toFrappeError } from './error-body.ts'
import { registerMethodRoutes } from './method-routes.ts'
import { sessionExpired } from './caller.ts'
import { registerResourceRoutes } from './resource-routes.ts'
import { registerStaticApp } from './desk-static.ts'

/** Frappe refuses request bodies over 25 MB (MAX_CONTENT_LENGTH). */
export const BODY_LIMIT = 25 * 1024 * 1024

function parseJsonBody(_req: unknown, body: string, done: (err: Error | null, value?: unknown) => void): void {
  if (body.trim() === '') return done(null, undefined)
  try {
    done(null, JSON.parse(body))
  } catch {
    done(new FrappeError('BadRequest', 'Invalid JSON in request body'))
  }
}

function parseFormBody(_req: unknown, body: string, done: (err: Error | null, value?: unknown) => void): void {
  const out: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [k, v] of new URLSearchParams(body)) out[k] = v
  done(null, { ...out })
}

export interface AppOptions {
  readonly methods: MethodRegistry
  readonly logger?: boolean
  /** A built single-page app (the Outpost Desk's `dist/`) to serve at `/`. */
  readonly staticDir?: string | undefined
}

/** The HTTP face of a site: Frappe's v1 REST at /api and /api/v1. */
export function createApp(site: Site, options: AppOptions): FastifyInstance {
  const app = Fastify({ bodyLimit: BODY_LIMIT, logger: options.logger ?? false, routerOptions: { ignoreDuplicateSlashes: true, ignoreTrailingSlash: true, maxParamLength: 1000 } })
  app.register(cookie)
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(['application/json', 'text/json'], { parseAs: 'string', bodyLimit: BODY_LIMIT }, parseJsonBody)
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: BODY_LIMIT }, parseFormBody)
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body === '' ? undefined : body))
  app.setErrorHandler((error, _req, reply) => {
    const e = toFrappeError(error)
    const { status, body } = errorReply(e)
    // Frappe's login failure answers with a bare `message`, not a msgprint.
    if (e.excType === 'AuthenticationError') {
      body['message'] = e.message
      delete body['_server_messages']
    }
    return reply.code(status).type('application/json').send(body)
  })
  const notFound = (reply: FastifyReply, method: string, path: string): FastifyReply => {
    const { status, body } = errorReply(new FrappeError('DoesNotExistError', `Not found: ${method} ${path}`))
    return reply.code(status).send(body)
  }
  app.setNotFoundHandler((req, reply) => notFound(reply, req.method, req.url.split('?')[0] ?? '/'))
  // Frappe tells a client whose `sid` died: `session_expired: 1`, and its cookies are cleared.
  app.addHook('onSend', async (req, reply, payload) => {
    if (!sessionExpired(req) || typeof payload !== 'string') return payload
    reply.header('set-cookie', ['sid=Guest; Path=/; Max-Age=0', 'system_user=; Path=/; Max-Age=0', 'full_name=; Path=/; Max-Age=0', 'user_id=; Path=/; Max-Age=0'])
    try {
      return JSON.stringify({ ...(JSON.parse(payload) as Record<string, unknown>), session_expired: 1 })
    } catch {
      return payload
    }
  })
  app.after(() => {
    for (const prefix of ['/api', '/api/v1']) {
      registerMethodRoutes(app, site, options.methods, prefix)
      registerResourceRoutes(app, site, prefix)
    }
    if (options.staticDir !== undefined) registerStaticApp(app, options.staticDir, (reply, path) => notFound(reply, 'GET', path))
  })
  return app
}
