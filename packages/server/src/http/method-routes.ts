import { FrappeError } from '@outpost/meta'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Site } from '../context.ts'
import { login, logout, SESSION_HOURS } from '../auth/authenticate.ts'
import { GUEST } from '../permissions/user-context.ts'
import type { HttpMethod, MethodCall, MethodRegistry, SessionMethod } from '../methods/method-spec.ts'
import { execute } from './execute.ts'
import { argsOf, callerOf } from './caller.ts'

const COOKIE = { path: '/', httpOnly: true, sameSite: 'lax' } as const
const SESSION_COOKIES = ['sid', 'system_user', 'full_name', 'user_id', 'user_image'] as const

async function handleLogin(site: Site, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  const args = argsOf(req)
  const session = await site.db.transaction((tx) => login(tx, args['usr'], args['pwd'], site.clock.now()))
  reply.setCookie('sid', session.sid, { ...COOKIE, maxAge: SESSION_HOURS * 3600 })
  reply.setCookie('system_user', 'yes', { path: '/' })
  reply.setCookie('full_name', session.fullName, { path: '/' })
  reply.setCookie('user_id', session.user, { path: '/' })
  reply.setCookie('user_image', '', { path: '/' })
  return { message: 'Logged In', home_page: '/app', full_name: session.fullName }
}

async function handleLogout(site: Site, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
  await site.db.transaction((tx) => logout(tx, req.cookies['sid']))
  for (const cookie of SESSION_COOKIES) reply.clearCookie(cookie, { path: '/' })
  return {}
}

/** A method that runs its own transactions answers JSON or a stream. */
async function handleSessionMethod(spec: SessionMethod, call: MethodCall, reply: FastifyReply): Promise<unknown> {
  const answer = await spec.handle(call)
  if ('stream' in answer) return reply.type(answer.contentType).send(answer.stream)
  if ('json' in answer) return reply.type('application/json; charset=utf-8').send(answer.json)
  return answer.message === undefined || answer.message === null ? {} : { message: answer.message }
}

async function handleMethod(site: Site, methods: MethodRegistry, req: FastifyRequest<{ Params: { method: string } }>, reply: FastifyReply): Promise<unknown> {
  const spec = methods.get(req.params.method)
  // Frappe's execute_cmd: a method it cannot resolve is a ValidationError (417).
  if (!spec) throw new FrappeError('ValidationError', `Failed to get method for command ${req.params.method}`)
  const httpMethod = req.method as HttpMethod
  if (spec.methods && !spec.methods.includes(httpMethod)) throw new FrappeError('PermissionError', 'Not permitted')
  const args = argsOf(req)
  delete args['cmd']
  if (spec.handle) return handleSessionMethod(spec, { site, caller: callerOf(req, args), args, httpMethod, allowGuest: spec.allowGuest === true }, reply)
  const message = await execute(site, callerOf(req, args), httpMethod === 'GET', async (ctx) => {
    if (!spec.allowGuest && ctx.user.name === GUEST) throw new FrappeError('PermissionError', 'Not permitted')
    return spec.run(ctx, args)
  })
  if (typeof message === 'object' && message !== null && '__docs' in message) return { docs: (message as { __docs: unknown }).__docs }
  return message === undefined || message === null ? {} : { message }
}

export function registerMethodRoutes(app: FastifyInstance, site: Site, methods: MethodRegistry, prefix: string): void {
  // Frappe's LoginManager answers login and logout whatever the HTTP method.
  app.route({ method: ['GET', 'POST', 'PUT'], url: `${prefix}/method/login`, handler: (req, reply) => handleLogin(site, req, reply) })
  app.route({ method: ['GET', 'POST', 'PUT'], url: `${prefix}/method/logout`, handler: (req, reply) => handleLogout(site, req, reply) })
  for (const verb of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
    app.route<{ Params: { method: string } }>({ method: verb, url: `${prefix}/method/:method`, handler: (req, reply) => handleMethod(site, methods, req, reply) })
  }
}
