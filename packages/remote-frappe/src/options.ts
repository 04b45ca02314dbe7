import type { RealtimeOptions } from './realtime.ts'

/** How to reach a stock Frappe / ERPNext site. */
export interface FrappeRemoteOptions {
  /** Site root, e.g. `https://erp.example.com` (no trailing `/api`). */
  readonly url: string
  /** API token `key:secret`; sent as `Authorization: token key:secret`. Wins over a password. */
  readonly token?: string
  /** With `password`: log in through `/api/method/login` and keep the `sid` cookie. */
  readonly username?: string
  readonly password?: string
  /** Injected for tests; defaults to the global `fetch`. */
  readonly fetch?: typeof fetch
  /** Rows per list request when paging names (listNames). Default 5000. */
  readonly pageSize?: number
  /**
   * How far before the cursor a new pull run re-reads, in ms. Frappe stamps `modified` when a
   * save starts and commits at the end of the request, so a slow request can become visible
   * after later stamps were pulled. Default 120 s (a stock bench's gunicorn timeout).
   */
  readonly overlapMs?: number
  /** Per request; a request without an answer by then counts as offline. Default 30 s. */
  readonly timeoutMs?: number
  /** Where and how `watch` reaches the site's socket.io realtime. */
  readonly realtime?: RealtimeOptions
}

export interface ResolvedOptions {
  readonly baseUrl: string
  readonly token: string | undefined
  readonly login: { readonly usr: string; readonly pwd: string } | undefined
  readonly fetch: typeof fetch
  readonly pageSize: number
  readonly overlapMs: number
  readonly timeoutMs: number
}

export function resolveOptions(o: FrappeRemoteOptions): ResolvedOptions {
  const login = o.token === undefined && o.username !== undefined && o.password !== undefined ? { usr: o.username, pwd: o.password } : undefined
  return {
    baseUrl: o.url.replace(/\/+$/, ''),
    token: o.token,
    login,
    // bound: a browser's fetch called as a method of another object throws "Illegal invocation"
    fetch: o.fetch ?? globalThis.fetch.bind(globalThis),
    pageSize: o.pageSize ?? 5000,
    overlapMs: o.overlapMs ?? 120_000,
    timeoutMs: o.timeoutMs ?? 30_000,
  }
}
