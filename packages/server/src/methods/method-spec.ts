import type { Readable } from 'node:stream'
import type { RequestContext, Site } from '../context.ts'
import type { Caller } from '../http/execute.ts'
import type { Args } from '../http/request-args.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

interface MethodRules {
  readonly methods?: readonly HttpMethod[]
  readonly allowGuest?: boolean
}

/** A whitelisted method run in the request's one transaction, as `@frappe.whitelist(methods=[...], allow_guest=...)` declares it. */
export interface TransactionalMethod extends MethodRules {
  run(ctx: RequestContext, args: Args): Promise<unknown>
  readonly handle?: undefined
}

/** What a method that manages its own transactions receives: the caller is not yet authenticated. */
export interface MethodCall {
  readonly site: Site
  readonly caller: Caller
  readonly args: Args
  readonly httpMethod: HttpMethod
  readonly allowGuest: boolean
}

/** A JSON answer (`{"message": …}`), the same already serialized, or a stream sent as it is produced. */
export type MethodAnswer =
  | { readonly message: unknown }
  | { readonly json: string }
  | { readonly stream: Readable; readonly contentType: string }

/**
 * A method that opens its own transactions (the sync protocol: one per pushed mutation, a
 * streamed pull read page by page). It authenticates the caller itself (see `sessionUser`).
 */
export interface SessionMethod extends MethodRules {
  handle(call: MethodCall): Promise<MethodAnswer>
  readonly run?: undefined
}

export type MethodSpec = TransactionalMethod | SessionMethod

export type MethodRegistry = ReadonlyMap<string, MethodSpec>
