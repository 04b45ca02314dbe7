import type { OutgoingMutation, PullOutcome, PullRequest, PushOutcome, RealtimeListener, Remote, RemoteCapabilities, RemoteResult } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { ensureOutpostIdField } from './custom-field.ts'
import { TableFieldCache } from './doctype-meta.ts'
import { FrappeHttp } from './http.ts'
import { fetchDocs } from './fetch-docs.ts'
import { listNames } from './list-names.ts'
import { getCount } from './resource-api.ts'
import { resolveOptions, type FrappeRemoteOptions } from './options.ts'
import { pullPage, type PullDeps } from './pull.ts'
import { pushMutation } from './push.ts'
import { RealtimeClient } from './realtime.ts'

/** A Remote for stock Frappe, plus the one-time setup a System Manager can run. */
export interface FrappeRemote extends Remote {
  /** Create the unique `outpost_id` Custom Field on `doctype` (System Manager token). */
  ensureOutpostIdField(doctype: string): Promise<RemoteResult<'created' | 'exists'>>
}

/**
 * The stock Frappe v15 REST API (`/api/resource`, `/api/method`), nothing installed on the
 * server but the `outpost_id` Custom Field. Every outcome is data; nothing here throws for
 * HTTP statuses or a dead network.
 */
export function frappeRemote(options: FrappeRemoteOptions): FrappeRemote {
  const o = resolveOptions(options)
  const http = new FrappeHttp(o)
  const deps: PullDeps = { http, tables: new TableFieldCache(http), overlapMs: o.overlapMs, deletions: true }
  const realtime = new RealtimeClient(o.baseUrl, options.realtime ?? {}, (renew) => http.credentials(renew))
  return {
    get capabilities(): RemoteCapabilities {
      return { idempotentPush: false, changeLog: false, deletions: deps.deletions, tempNameResolution: false, batchPush: false, visibilityHints: false, realtime: true }
    },
    getDocTypes: (doctype: string): Promise<RemoteResult<unknown[]>> => deps.tables.fetch(doctype),
    push: (mutation: OutgoingMutation): Promise<PushOutcome> => pushMutation(http, mutation),
    pull: (request: PullRequest): Promise<PullOutcome> => pullPage(deps, request),
    listNames: (doctype: string): Promise<RemoteResult<string[]>> => listNames(http, doctype, o.pageSize),
    fetchDocs: (doctype: string, names: readonly string[]): Promise<RemoteResult<Doc[]>> => fetchDocs(http, deps.tables, doctype, names),
    count: (doctype: string) => getCount(http, doctype),
    ensureOutpostIdField: (doctype: string) => ensureOutpostIdField(http, doctype),
    watch: (doctypes: readonly string[], listener: RealtimeListener): (() => void) => realtime.watch(doctypes, listener),
    close: (): Promise<void> => realtime.close(),
  }
}
