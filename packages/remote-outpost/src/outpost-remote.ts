import type { BatchPushOutcome, OutgoingMutation, Remote, RemoteCapabilities } from '@outpost/core'
import { fetchDocs, FrappeHttp, getCount, listNames, RealtimeClient, resolveOptions, TableFieldCache } from '@outpost/remote-frappe'
import { checkOptions, type OutpostRemoteOptions } from './options.ts'
import { pullPage } from './pull.ts'
import { pushBatch, pushOne } from './push-batch.ts'

/** A Remote that always takes batches. */
export interface OutpostRemote extends Remote {
  pushBatch(mutations: readonly OutgoingMutation[]): Promise<BatchPushOutcome>
}

const CAPABILITIES: RemoteCapabilities = {
  idempotentPush: true, changeLog: true, deletions: true, tempNameResolution: true, batchPush: true, visibilityHints: true, realtime: true, metaVersions: true,
}

/**
 * The Outpost sync protocol (docs/sync-protocol.md): change-log pull streamed as NDJSON and
 * idempotent batch push, beside the stock REST calls (meta, name listing, documents by name)
 * that any Frappe site answers. Same options and outcomes as `frappeRemote`; throws only for
 * invalid options.
 */
export function outpostRemote(options: OutpostRemoteOptions): OutpostRemote {
  const checked = checkOptions(options)
  const o = resolveOptions(checked)
  const http = new FrappeHttp(o)
  const tables = new TableFieldCache(http)
  const realtime = new RealtimeClient(o.baseUrl, checked.realtime ?? {}, (renew) => http.credentials(renew))
  return {
    capabilities: CAPABILITIES,
    getDocTypes: (doctype) => tables.fetch(doctype),
    push: (mutation) => pushOne(http, mutation),
    pushBatch: (mutations) => pushBatch(http, mutations),
    pull: (request) => pullPage(http, request),
    listNames: (doctype) => listNames(http, doctype, o.pageSize),
    fetchDocs: (doctype, names) => fetchDocs(http, tables, doctype, names),
    count: (doctype) => getCount(http, doctype),
    watch: (doctypes, listener) => realtime.watch(doctypes, listener),
    close: () => realtime.close(),
  }
}
