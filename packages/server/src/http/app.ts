import cookie from '@fastify/cookie'
import { FrappeError } from '@outpost/meta'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import type { Duplex } from 'node:stream'
import type { Site } from '../context.ts'
import type { MethodRegistry } from '../methods/method-spec.ts'
import { errorReply, toFrappeError } from './error-body.ts'
import { checkedDepth } from './json-depth.ts'
import { registerMethodRoutes } from './method-routes.ts'
import { sessionExpired } from './caller.ts'
import { registerResourceRoutes } from './resource-routes.ts'
import { registerStaticApp } from './desk-static.ts'

/** Frappe refuses request bodies over 25 MB (MAX_CONTENT_LENGTH). */
export const BODY_LIMIT = 25 * 1024 * 1024

function parseJsonBody(_req: unknown, body: string, done: (err: Error | null, value?: unknown) => void): void {
  if (body.trim() === '') return done(null, undefined)
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return done(new FrappeError('BadRequest', 'Invalid JSON in request body'))
  }
  try {
    done(null, checkedDepth(value, 'The request body'))
  } catch (e) {
    done(e as Error)
  }
}

/** Any other body is kept as text (an insert or update reads it as JSON); multipart is not taken. */
function parseOtherBody(req: { headers: Record<string, unknown> }, body: string, done: (err: Error | null, value?: unknown) => void): void {
  const type = String(req.headers['content-type'] ?? '').toLowerCase()
  if (type.startsWith('multipart/')) return done(new FrappeError('BadRequest', 'Unsupported content type multipart/form-data: send JSON or application/x-www-form-urlencoded'))
  done(null, body === '' ? undefined : body)
}

function parseFormBody(_req: unknown, body: string, done: (err: Error | null, value?: unknown) => void): void {
  const out: Record<string, string> = Object.create(null) as Record<string, string>
  for (const [k, v] of new URLSearchParams(body)) out[k] = v
  done(null, { ...out })
}

/**
 * A request Node's HTTP parser refuses (headers too large, not HTTP): the connection answers with
 * Frappe's error body and closes, as nothing of the request reached the app.
 */
function rawClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) return void socket.destroy()
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const message = status === 431 ? 'Request headers are too large' : 'Malformed HTTP request'
  const body = JSON.stringify({ exc_type: 'BadRequest', exception: `frappe.exceptions.BadRequest: ${message}`, _server_messages: JSON.stringify([JSON.stringify(message)]) })
  socket.end(`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
}

export interface AppOptions {
  readonly methods: MethodRegistry
  readonly logger?: boolean
  /** A built single-page app (the Outpost Desk's `dist/`) to serve at `/`. */
  readonly staticDir?: string | undefined
}

/** The HTTP face of a site: Frappe's v1 REST at /api and /api/v1. */
export function createApp(site: Site, options: AppOptions): FastifyInstance {
  const app = Fastify({
    bodyLimit: BODY_LIMIT, logger: options.logger ?? false, routerOptions: { ignoreDuplicateSlashes: true, ignoreTrailingSlash: true, maxParamLength: 1000 },
    // a request Fastify refuses before routing (a path that is not valid UTF-8) still gets Frappe's error body
    frameworkErrors: (error, _req, reply) => {
      const { status, body } = errorReply(toFrappeError(error))
      void (reply as FastifyReply).code(status).type('application/json').send(body)
    },
    clientErrorHandler: rawClientError,
  })
  app.register(cookie)
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(['application/json', 'text/json'], { parseAs: 'string', bodyLimit: BODY_LIMIT }, parseJsonBody)
  // JSON under a vendor type (application/vnd.api+json, application/merge-patch+json)
  app.addContentTypeParser(/^application\/[\w.-]+\+json/i, { parseAs: 'string', bodyLimit: BODY_LIMIT }, parseJsonBody)
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: BODY_LIMIT }, parseFormBody)
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, parseOtherBody)
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
