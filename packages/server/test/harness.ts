import type { DocType } from '@outpost/meta'
import type { ControllerMap } from '../src/controllers/controller.ts'
import type { NewUser } from '../src/auth/users.ts'
import { addUsers, openSite } from '../src/site.ts'
import { startServer, type RunningServer } from '../src/server.ts'
import type { Site } from '../src/context.ts'
import type { Clock } from '../src/clock.ts'
import { testDatabase } from './test-database.ts'

export const ADMIN_KEY = 'admin-key'
export const ADMIN_SECRET = 'admin-secret-0123456789'

export interface ApiResponse {
  readonly status: number
  readonly body: Record<string, unknown>
  readonly headers: Headers
}

/** A tiny REST client, authenticated with a token or a session cookie. */
export class Api {
  constructor(readonly base: string, readonly auth: { token?: string; cookie?: string } = {}) {}

  as(token: string): Api {
    return new Api(this.base, { token })
  }

  guest(): Api {
    return new Api(this.base)
  }

  async raw(method: string, path: string, options: { body?: string | undefined; headers?: Record<string, string> } = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers }
    if (this.auth.token) headers['authorization'] = `token ${this.auth.token}`
    if (this.auth.cookie) headers['cookie'] = this.auth.cookie
    const res = await fetch(this.base + path, { method, headers, body: options.body ?? null })
    const text = await res.text()
    let body: Record<string, unknown>
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {}
    } catch {
      body = { _text: text }
    }
    return { status: res.status, body, headers: res.headers }
  }

  request(method: string, path: string, json?: unknown): Promise<ApiResponse> {
    return this.raw(method, path, json === undefined ? {} : { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } })
  }

  get(path: string, query: Record<string, unknown> = {}): Promise<ApiResponse> {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) qs.set(k, typeof v === 'string' ? v : JSON.stringify(v))
    const q = qs.toString()
    return this.raw('GET', q ? `${path}?${q}` : path)
  }

  post(path: string, json?: unknown): Promise<ApiResponse> {
    return this.request('POST', path, json)
  }

  put(path: string, json?: unknown): Promise<ApiResponse> {
    return this.request('PUT', path, json)
  }

  delete(path: string): Promise<ApiResponse> {
    return this.raw('DELETE', path)
  }

  resource(doctype: string, name?: string): string {
    return `/api/resource/${encodeURIComponent(doctype)}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`
  }
}

export interface TestSite {
  readonly site: Site
  readonly server: RunningServer
  readonly admin: Api
  readonly api: Api
  close(): Promise<void>
}

export async function startTestSite(options: {
  doctypes: readonly DocType[]
  controllers?: ControllerMap
  users?: readonly NewUser[]
  clock?: Clock
  /** SQLite file; ignored when the suite runs on PostgreSQL (see test-database.ts). */
  dbPath?: string
}): Promise<TestSite> {
  const site = await openSite({
    ...(await testDatabase(options.dbPath)), doctypes: options.doctypes, controllers: options.controllers ?? {},
    adminApiKey: ADMIN_KEY, adminApiSecret: ADMIN_SECRET, ...(options.clock ? { clock: options.clock } : {}),
  })
  if (options.users) await addUsers(site, options.users)
  const server = await startServer(site, { port: 0 })
  const api = new Api(server.url)
  return { site, server, api, admin: api.as(`${ADMIN_KEY}:${ADMIN_SECRET}`), close: () => server.close() }
}

/** Decode `_server_messages`: a JSON string of JSON strings. */
export function serverMessages(body: Record<string, unknown>): string[] {
  const raw = body['_server_messages']
  if (typeof raw !== 'string') return []
  return (JSON.parse(raw) as string[]).map((m) => (JSON.parse(m) as { message: string }).message)
}
