import type { Doc } from '@outpost/meta'
import { isTempName } from '../ids.ts'
import type { BatchPushOutcome, OutgoingMutation, PullOutcome, PullRequest, PushOutcome, Remote, RemoteCapabilities } from '../ports/remote.ts'
import type { MiniChange, MiniServer } from './mini-server.ts'

/** Server-side state of the protocol, shared by every client of one MiniServer. */
interface ProtocolState {
  /** Accepted results by mutation id: a repeated id answers the first result. */
  readonly results: Map<string, PushOutcome>
  /** Temp name → server name, for every accepted insert that carried one. */
  readonly temps: Map<string, string>
}

const states = new WeakMap<MiniServer, ProtocolState>()

function stateOf(server: MiniServer): ProtocolState {
  let s = states.get(server)
  if (!s) states.set(server, (s = { results: new Map(), temps: new Map() }))
  return s
}

function translate<T>(value: T, temps: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return (temps.get(value) ?? value) as T
  if (Array.isArray(value)) return value.map((v) => translate(v, temps)) as T
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, translate(v, temps)])) as T
  return value
}

const mentions = (value: unknown, names: ReadonlySet<string>): boolean =>
  typeof value === 'string' ? names.has(value)
    : Array.isArray(value) ? value.some((v) => mentions(v, names))
      : value !== null && typeof value === 'object' ? Object.values(value).some((v) => mentions(v, names)) : false

/** Idempotency is the mutation id's job here: a second insert of one client id is refused (unique `outpost_id`). */
function apply(server: MiniServer, m: OutgoingMutation): Promise<PushOutcome> {
  const twin = m.kind === 'insert' && [...server.table(m.doctype).values()].some((d) => d['outpost_id'] === m.outpostId)
  if (!twin) return server.push(m)
  const message = `${m.doctype} with outpost_id ${m.outpostId} already exists`
  return Promise.resolve({ kind: 'rejected', error: { excType: 'DuplicateEntryError', httpStatus: 409, message, messages: [message] } })
}

/** `outpost.sync.push` in memory: in order, idempotent by mutation id, temp names translated, dependents skipped. */
async function pushBatch(server: MiniServer, mutations: readonly OutgoingMutation[]): Promise<BatchPushOutcome> {
  const { results, temps } = stateOf(server)
  const refusedDocs = new Set<string>()
  const refusedTemps = new Set<string>()
  const out: (PushOutcome | undefined)[] = []
  for (const m of mutations) {
    const stored = results.get(m.id)
    if (stored) {
      out.push(stored)
      continue
    }
    if (refusedDocs.has(`${m.doctype}\u0000${m.name}`) || mentions(m.doc, refusedTemps)) {
      out.push(undefined)
      continue
    }
    const outcome = await apply(server, { ...m, name: temps.get(m.name) ?? m.name, doc: translate(m.doc, temps) })
    out.push(outcome)
    if (outcome.kind === 'accepted') {
      results.set(m.id, outcome)
      if (m.kind === 'insert' && isTempName(m.name) && outcome.doc) temps.set(m.name, String(outcome.doc['name']))
    } else {
      refusedDocs.add(`${m.doctype}\u0000${m.name}`)
      if (isTempName(m.name)) refusedTemps.add(m.name)
    }
  }
  return { kind: 'results', results: out }
}

interface Cursor {
  /** Change-log position: boot started there, or entries up to it were delivered. */
  readonly seq: number
  /** During boot: the last name of the snapshot delivered. */
  readonly after?: string
}

function boot(server: MiniServer, req: PullRequest, c: Cursor | undefined): PullOutcome {
  const seq = c?.seq ?? server.changes.length
  const names = [...server.table(req.doctype).keys()].filter((n) => server.visible(req.doctype, n)).sort()
  const rest = names.filter((n) => n > (c?.after ?? ''))
  const page = rest.slice(0, req.limit)
  const more = rest.length > page.length
  const cursor: Cursor = more ? { seq, after: page.at(-1) ?? '' } : { seq }
  const docs = page.map((n) => server.table(req.doctype).get(n)).filter((d): d is Doc => d !== undefined)
  return { kind: 'page', docs, deleted: [], cursor: JSON.stringify(cursor), hasMore: more || server.changes.length > seq, total: names.length }
}

/** Changes after the cursor, folded per document into its current state; renames before documents. */
function changes(server: MiniServer, req: PullRequest, c: Cursor): PullOutcome {
  const entries = server.changes.filter((e) => e.seq > c.seq && e.doctype === req.doctype)
  const touched = new Set<string>()
  const renamed: { from: string; to: string }[] = []
  let reconcile = false
  let last: MiniChange | undefined
  for (const e of entries) {
    if (touched.size >= req.limit) break
    last = e
    if (e.op === 'visibility') reconcile = true
    else if (e.op === 'rename' && e.from !== undefined) {
      renamed.push({ from: e.from, to: e.name })
      if (touched.delete(e.from)) touched.add(e.name)
    } else touched.add(e.name)
  }
  const docs: Doc[] = []
  const deleted: string[] = []
  for (const name of touched) {
    const doc = server.table(req.doctype).get(name)
    if (doc && server.visible(req.doctype, name)) docs.push(doc)
    else deleted.push(name)
  }
  const seq = last?.seq ?? c.seq
  const hasMore = entries.some((e) => e.seq > seq)
  return { kind: 'page', docs, deleted, renamed, reconcile, cursor: JSON.stringify({ seq }), hasMore, total: undefined }
}

/**
 * The Outpost sync protocol over a MiniServer, for engine tests: batch push (idempotent, temp
 * names translated, dependents of a refusal skipped) and a change-log pull (boot snapshot in
 * name order, then folded changes with renames, deletions and visibility hints).
 */
export function miniOutpost(server: MiniServer): Remote {
  const capabilities: RemoteCapabilities = {
    idempotentPush: true, changeLog: true, deletions: true, tempNameResolution: true, batchPush: true, visibilityHints: true, realtime: false,
  }
  return {
    capabilities,
    getDocTypes: (doctype) => server.getDocTypes(doctype),
    async push(m) {
      const outcome = await pushBatch(server, [m])
      if (outcome.kind !== 'results') return outcome
      return outcome.results[0] ?? { kind: 'retry', retryAfterMs: undefined, error: { excType: 'Skipped', httpStatus: undefined, message: 'not attempted', messages: [] } }
    },
    pushBatch: (ms) => pushBatch(server, ms),
    async pull(req) {
      const c = req.cursor === undefined ? undefined : (JSON.parse(req.cursor) as Cursor)
      return !c || c.after !== undefined ? boot(server, req, c) : changes(server, req, c)
    },
    listNames: (doctype) => server.listNames(doctype),
    fetchDocs: (doctype, names) => server.fetchDocs(doctype, names),
    count: (doctype) => server.count(doctype),
  }
}
