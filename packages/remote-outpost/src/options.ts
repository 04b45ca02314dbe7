import { OutpostError } from '@outpost/core'
import type { FrappeRemoteOptions, RealtimeOptions } from '@outpost/remote-frappe'

interface CommonOptions {
  /** Site root, e.g. `https://erp.example.com` (no trailing `/api`). */
  readonly url: string
  /** Injected for tests; defaults to the global `fetch`. */
  readonly fetch?: typeof fetch
  /** Rows per list request when listing names (reconciliation). Default 5000. */
  readonly pageSize?: number
  /** Accepted for symmetry with `frappeRemote`; a change log needs no overlap window. */
  readonly overlapMs?: number
  /** Per request, streamed pull answers included; no answer by then counts as offline. Default 30 s. */
  readonly timeoutMs?: number
  /** Where and how `watch` reaches the server's socket.io realtime. */
  readonly realtime?: RealtimeOptions
}

/** How to reach a site that answers `outpost.sync.pull` and `outpost.sync.push`. */
export type OutpostRemoteOptions = CommonOptions & (
  /** API token `key:secret`, sent as `Authorization: token key:secret`. */
  | { readonly token: string; readonly username?: never; readonly password?: never }
  /** Log in through `/api/method/login` and keep the `sid` cookie. */
  | { readonly username: string; readonly password: string; readonly token?: never }
  /** A page on the site itself: the browser sends the `sid` cookie of the user's own login. */
  | { readonly session: 'browser'; readonly token?: never; readonly username?: never; readonly password?: never }
)

const invalid = (message: string): OutpostError => new OutpostError('INVALID_ARGUMENT', `outpostRemote: ${message}`)

function checkUrl(url: unknown): string {
  if (typeof url !== 'string' || url.trim() === '') throw invalid('`url` is required (the site root, e.g. https://erp.example.com)')
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalid(`\`url\` is not a URL: ${url}`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid(`\`url\` must be http or https, not ${parsed.protocol}`)
  return url
}

function checkNumber(name: string, value: unknown, min: number): void {
  if (value === undefined) return
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw invalid(`\`${name}\` must be a number of at least ${String(min)}`)
}

const filled = (v: unknown): v is string => typeof v === 'string' && v !== ''

function checkBrowserSession(raw: Partial<Record<string, unknown>>, url: string): FrappeRemoteOptions {
  if (raw['session'] !== 'browser') throw invalid("`session` can only be 'browser'")
  if (raw['token'] !== undefined || raw['username'] !== undefined || raw['password'] !== undefined) throw invalid("`session: 'browser'` takes no `token`, `username` or `password`")
  if (raw['fetch'] !== undefined && typeof raw['fetch'] !== 'function') throw invalid('`fetch` must be a function')
  const { session: _session, ...rest } = raw as Record<string, unknown>
  return { ...(rest as Omit<FrappeRemoteOptions, 'url'>), url }
}

/** Refuse what cannot work before any request: these are programming errors, thrown. */
export function checkOptions(o: OutpostRemoteOptions): FrappeRemoteOptions {
  const raw = o as Partial<Record<keyof CommonOptions | 'token' | 'username' | 'password' | 'session', unknown>>
  const url = checkUrl(raw.url)
  if (raw.session !== undefined) return checkBrowserSession(raw, url)
  if (raw.token !== undefined && (!filled(raw.token) || !/^[^:]+:.+$/.test(raw.token))) throw invalid('`token` must be `api_key:api_secret`')
  if (raw.token === undefined && !(filled(raw.username) && filled(raw.password))) throw invalid('give `token`, or `username` and `password`')
  if (raw.token !== undefined && (raw.username !== undefined || raw.password !== undefined)) throw invalid('give `token` or `username` and `password`, not both')
  if (raw.fetch !== undefined && typeof raw.fetch !== 'function') throw invalid('`fetch` must be a function')
  checkNumber('pageSize', raw.pageSize, 1)
  checkNumber('timeoutMs', raw.timeoutMs, 1)
  checkNumber('overlapMs', raw.overlapMs, 0)
  return { ...o, url }
}
