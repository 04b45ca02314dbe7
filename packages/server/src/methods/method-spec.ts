import type { RequestContext } from '../context.ts'
import type { Args } from '../http/request-args.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** A whitelisted method, as `@frappe.whitelist(methods=[...], allow_guest=...)` declares it. */
export interface MethodSpec {
  readonly methods?: readonly HttpMethod[]
  readonly allowGuest?: boolean
  run(ctx: RequestContext, args: Args): Promise<unknown>
}

export type MethodRegistry = ReadonlyMap<string, MethodSpec>
