import { median, round } from '../stats.ts'
import type { ScenarioName, SystemName } from './compare-config.ts'
import type { SystemRun, SystemRuns } from './scenarios.ts'

/** One object per system × scenario in bench/results/compare.json. */
export interface CompareRow {
  readonly system: SystemName
  readonly scenario: ScenarioName
  /** Median over the measured runs; S3: the p50 of the indexed list view, in seconds. */
  readonly seconds: number | null
  readonly docs_per_s: number | null
  readonly client_peak_rss_mb: number | null
  readonly server_peak_rss_mb: number | null
  readonly notes: string
  readonly runs_seconds: readonly number[]
  readonly details?: Readonly<Record<string, unknown>>
}

const max = (xs: readonly (number | undefined)[]): number | null => {
  const ok = xs.filter((x): x is number => x !== undefined)
  return ok.length === 0 ? null : Math.max(...ok)
}

function row(system: SystemName, scenario: ScenarioName, runs: readonly SystemRun[], pick: (r: SystemRun) => { seconds: number; peak_rss_mb: number; server_peak_rss_mb: number | undefined }, docs: number | null, notes: string, details?: Record<string, unknown>): CompareRow {
  const seconds = runs.map((r) => pick(r).seconds)
  const med = round(median(seconds), 6)
  return {
    system, scenario, seconds: med, docs_per_s: docs === null ? null : round(docs / med, 0),
    client_peak_rss_mb: max(runs.map((r) => pick(r).peak_rss_mb)), server_peak_rss_mb: max(runs.map((r) => pick(r).server_peak_rss_mb)),
    notes, runs_seconds: seconds.map((s) => round(s, 3)), ...(details ? { details } : {}),
  }
}

/** How each system names new documents and keeps their links (the rest of the S2 note is measured). */
export const NAMING: Readonly<Record<SystemName, string>> = {
  'outpost': 'temporary local names, renamed to the server\'s naming series by the push; links to them rewritten locally',
  'outpost-rest': 'temporary local names, renamed to the server\'s naming series by the push; links to them rewritten locally',
  'naive': 'the server names each POST; the blob keeps the local copy until the next full download; the client rewrites the one link it knows (customer) by hand',
  'pouchdb': 'client-chosen _id kept for ever: no naming series; links hold because ids never change',
  'replicache': 'client-chosen keys kept for ever: no naming series; links hold because keys never change',
  'rxdb': 'client-chosen primary keys kept for ever: no naming series; links hold because keys never change',
}

/** Where each system's client keeps the booted documents. */
export const STORAGE: Readonly<Record<SystemName, string>> = {
  'outpost': 'SQLite file (durable)',
  'outpost-rest': 'SQLite file (durable)',
  'naive': 'one JSON blob in a file, fsynced (durable)',
  'pouchdb': 'leveldb on disk (durable)',
  'replicache': 'memory kv store (not durable: lost with the process)',
  'rxdb': 'memory storage (not durable: lost with the process)',
}

function s2Note(system: SystemName, last: SystemRun): string {
  const { server, local, push } = last.s2
  const expected = last.s2.docs
  const created = last.s2.create.result
  const was = created ? `created offline as ${created.name} for customer ${created.customer}` : 'created offline'
  const there = server.sample ? `on the server ${server.sample.name} for ${server.sample.customer}` : 'not on the server'
  const here = local.sample ? `locally now ${local.sample.name} for ${local.sample.customer}` : 'no longer local'
  const sample = ` First invoice for a new Customer: ${was}; ${there}; ${here}.`
  return `${NAMING[system]}. Server holds ${server.invoices} invoices and ${server.customers} customers of ${expected} documents; ${server.linked} of its invoices link to an existing Customer; local queue left: ${push.result.pending}.${sample}`
}

function s5Note(last: SystemRun): string {
  const { server, local, push, invoices, bad } = last.s5
  const refused = push.result.refused
  const kept = push.result.refusedKept ? 'kept in the local store' : 'seen only as replication events while the push ran'
  const visible = refused === null ? 'the app is told nothing of the refusals' : `${refused.length} refused documents with reasons, ${kept}${refused[0] ? `, e.g. ${refused[0].name}: "${refused[0].reason.slice(0, 90)}"` : ''}`
  return `${bad} of ${invoices} invoices break qty > 0. ${visible}. Server took ${server.invoices} of ${invoices - bad} valid invoices. Local afterwards: ${local.invoices} invoices of the batch, ${push.result.pending} in the queue.`
}

export function compareRows(result: SystemRuns, s4Docs: number): CompareRow[] {
  const { system, runs } = result
  const last = runs[runs.length - 1]
  if (!last) return []
  const docs = last.s1.result.docs
  const list = last.s3.result
  const s3 = row(system, 'S3 list view', runs, (r) => ({ ...r.s3, seconds: r.s3.result.indexed.p50_ms / 1000 }), null,
    `customer = ? newest 20 + count: p50 ${list.indexed.p50_ms} ms, p95 ${list.indexed.p95_ms} ms (${list.indexed.rows} rows, count ${list.indexed.count}); po_no like %7% newest 20: p50 ${list.unindexed.p50_ms} ms, p95 ${list.unindexed.p95_ms} ms`,
    { indexed: runs.map((r) => r.s3.result.indexed), unindexed: runs.map((r) => r.s3.result.unindexed) })
  return [
    row(system, 'S1 boot', runs, (r) => r.s1, docs, `${docs} documents queryable; ${STORAGE[system]}`),
    row(system, 'S2 offline push', runs, (r) => r.s2.push, last.s2.docs, s2Note(system, last), { create_seconds: runs.map((r) => round(r.s2.create.seconds, 3)), server: last.s2.server, local: last.s2.local }),
    s3,
    row(system, 'S4 catch-up', runs, (r) => r.s4, s4Docs, `converged after ${last.s4.result.rounds} catch-up round(s)`),
    row(system, 'S5 rejection', runs, (r) => r.s5.push, last.s5.invoices, s5Note(last), { refused: last.s5.push.result.refused?.length ?? null, refused_kept: last.s5.push.result.refusedKept, server: last.s5.server, local: last.s5.local }),
  ]
}
