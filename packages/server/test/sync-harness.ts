import type { Doc } from '@outpost/meta'
import type { Api } from './harness.ts'

/** One parsed line of an `outpost.sync.pull` answer. */
export type PullLine =
  | { type: 'meta'; doctype: string; version: string }
  | { type: 'doc'; doctype: string; doc: Doc }
  | { type: 'delete'; doctype: string; name: string }
  | { type: 'rename'; doctype: string; from: string; to: string }
  | { type: 'end'; cursor: string; has_more: boolean; total: number; reconcile: string[] }
  | { type: 'error'; exc_type: string; message: string }

export interface PullAnswer {
  readonly status: number
  readonly contentType: string | null
  readonly lines: PullLine[]
  /** The JSON body of a refused request. */
  readonly body: Record<string, unknown> | undefined
  readonly end: Extract<PullLine, { type: 'end' }> | undefined
}

export async function pull(api: Api, args: { doctypes: unknown; cursor?: unknown; limit?: unknown }, method: 'POST' | 'GET' = 'POST'): Promise<PullAnswer> {
  const headers: Record<string, string> = {}
  if (api.auth.token) headers['authorization'] = `token ${api.auth.token}`
  let url = `${api.base}/api/method/outpost.sync.pull`
  let body: string | undefined
  if (method === 'POST') {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(args)
  } else {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(args)) if (v !== undefined) qs.set(k, typeof v === 'string' ? v : JSON.stringify(v))
    url += `?${qs}`
  }
  const res = await fetch(url, { method, headers, body: body ?? null })
  const text = await res.text()
  const contentType = res.headers.get('content-type')
  if (!contentType?.includes('ndjson')) return { status: res.status, contentType, lines: [], body: JSON.parse(text) as Record<string, unknown>, end: undefined }
  const lines = text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as PullLine)
  const last = lines[lines.length - 1]
  return { status: res.status, contentType, lines, body: undefined, end: last?.type === 'end' ? last : undefined }
}

/** A client's copy: doctype → lower-cased name → document. */
export type Replica = Map<string, Map<string, Doc>>

export function applyLines(replica: Replica, lines: readonly PullLine[]): void {
  for (const l of lines) {
    if (l.type !== 'doc' && l.type !== 'delete' && l.type !== 'rename') continue
    let docs = replica.get(l.doctype)
    if (!docs) replica.set(l.doctype, (docs = new Map()))
    if (l.type === 'doc') docs.set(String(l.doc['name']).toLowerCase(), l.doc)
    else if (l.type === 'delete') docs.delete(l.name.toLowerCase())
    else {
      const doc = docs.get(l.from.toLowerCase())
      if (doc) {
        docs.delete(l.from.toLowerCase())
        docs.set(l.to.toLowerCase(), { ...doc, name: l.to })
      }
    }
  }
}

export interface PullRun {
  readonly cursor: string
  readonly answers: PullAnswer[]
  readonly reconcile: Set<string>
}

/** Pull until `has_more` is false, applying every answer to `replica`. */
export async function pullAll(api: Api, replica: Replica, doctypes: string[], cursor?: string, limit?: number): Promise<PullRun> {
  const answers: PullAnswer[] = []
  const reconcile = new Set<string>()
  let current = cursor
  for (let i = 0; i < 10_000; i++) {
    const answer = await pull(api, { doctypes, ...(current === undefined ? {} : { cursor: current }), ...(limit === undefined ? {} : { limit }) })
    if (!answer.end) throw new Error(`pull failed: ${answer.status} ${JSON.stringify(answer.body ?? answer.lines.at(-1))}`)
    answers.push(answer)
    applyLines(replica, answer.lines)
    for (const d of answer.end.reconcile) reconcile.add(d)
    current = answer.end.cursor
    if (!answer.end.has_more) return { cursor: current, answers, reconcile }
  }
  throw new Error('pull did not finish')
}

/** Names in a replica's doctype, sorted. */
export function replicaNames(replica: Replica, doctype: string): string[] {
  return [...(replica.get(doctype)?.values() ?? [])].map((d) => String(d['name'])).sort()
}

export interface PushAnswer {
  readonly status: number
  readonly body: Record<string, unknown>
  readonly results: Record<string, unknown>[]
}

export async function push(api: Api, mutations: unknown): Promise<PushAnswer> {
  const res = await api.post('/api/method/outpost.sync.push', { mutations })
  const message = res.body['message'] as { results?: Record<string, unknown>[] } | undefined
  return { status: res.status, body: res.body, results: message?.results ?? [] }
}

let counter = 0

/** A random-looking uuid (tests only), and a temp name for `doctype`. */
export function uuid(): string {
  const hex = (++counter).toString(16).padStart(12, '0')
  const r = Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0')
  return `${r}-0000-4000-8000-${hex}`
}

export function tempNameOf(doctype: string): string {
  return `new-${doctype.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${uuid()}`
}
