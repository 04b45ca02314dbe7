import type { FastifyRequest } from 'fastify'
import type { Caller } from './execute.ts'
import { requestArgs, type Args } from './request-args.ts'

/** Per request, whether its `sid` turned out dead; read back when the response is sent. */
const callerFlags = new WeakMap<FastifyRequest, { sessionExpired: boolean }>()

/** Who sent the request: the Authorization header, and the `sid` cookie (or `sid` argument). */
export function callerOf(req: FastifyRequest, args: Args = {}): Caller {
  const sid = req.cookies?.['sid'] ?? (typeof args['sid'] === 'string' ? args['sid'] : undefined)
  const flags = callerFlags.get(req) ?? { sessionExpired: false }
  callerFlags.set(req, flags)
  return { authorization: req.headers.authorization, sid, flags }
}

export function sessionExpired(req: FastifyRequest): boolean {
  return callerFlags.get(req)?.sessionExpired ?? false
}

/** The request's arguments: query string and body, as Frappe's make_form_dict merges them. */
export function argsOf(req: FastifyRequest): Args {
  return requestArgs(req.query, req.body, (req.headers['content-type'] ?? '').includes('json'))
}
