import type { DatasetFacts } from './dataset.ts'
import type { ListQueries } from './list-runs.ts'
import type { OfflineBatch } from './offline-batch.ts'

/** What a client process is given: the system's server, a fresh local directory, the dataset's facts. */
export interface ClientContext {
  readonly url: string
  readonly dir: string
  readonly facts: DatasetFacts
  readonly batchSize: number
}

/** A document the server refused, as the app can show it to the user. */
export interface Refusal {
  readonly name: string
  readonly reason: string
}

export interface PushOutcome {
  /** Queue entries still waiting after the push (refused ones included). */
  readonly pending: number
  /** What the app can list of refused documents; null when the system tells it nothing. */
  readonly refused: readonly Refusal[] | null
  /** The list outlives the push (kept in the local store), rather than only passing through events. */
  readonly refusedKept: boolean
}

/** The client's view of the pushed batch afterwards: names, links, what is left. */
export interface LocalState {
  readonly pending: number
  /** Invoices of the batch still in the local store. */
  readonly invoices: number
  /** Of those, the ones whose `customer` names a Customer in the local store. */
  readonly linked: number
  /** One invoice for an offline-created Customer: its local name and its customer field. */
  readonly sample: { readonly name: string; readonly customer: string } | undefined
}

/** One system's client, driven the same way for every system by client-child.ts. */
/** S3's queries come from ListQueries. */
export interface CompareClient extends ListQueries {
  /** S1: empty to every document durable and queryable; answers the documents stored. */
  boot(): Promise<number>
  /**
   * S2/S5: the batch created offline, as a user would, one document at a time; answers the local
   * name of the first invoice for an offline Customer and its customer field, as created.
   */
  create(batch: OfflineBatch): Promise<{ name: string; customer: string } | undefined>
  /** S2/S5: send the queue until the server has everything it accepts and nothing is in flight. */
  push(batch: OfflineBatch): Promise<PushOutcome>
  /** S4: one catch-up round with the server. */
  catchUp(): Promise<void>
  /** S4: the local store shows the server's changes and deletions. */
  converged(changed: readonly string[], deleted: readonly string[]): Promise<boolean>
  inspect(batch: OfflineBatch): Promise<LocalState>
  close(): Promise<void>
}

/** Commands the host sends to the client process, one at a time. */
export type ClientCommand =
  | { readonly cmd: 'boot' }
  | { readonly cmd: 'list'; readonly runs: number }
  | { readonly cmd: 'create'; readonly tag: string; readonly count: number; readonly withBad: boolean }
  | { readonly cmd: 'push'; readonly tag: string; readonly count: number; readonly withBad: boolean }
  | { readonly cmd: 'catchup'; readonly changed: readonly string[]; readonly deleted: readonly string[] }
  | { readonly cmd: 'inspect'; readonly tag: string; readonly count: number; readonly withBad: boolean }
  | { readonly cmd: 'close' }

export interface ClientReply {
  readonly ok: boolean
  readonly seconds: number
  /** Peak RSS of the client process while the command ran (sampled every 50 ms). */
  readonly peak_rss_mb: number
  readonly result?: unknown
  readonly error?: string
}

export interface ListResult {
  readonly indexed: { readonly p50_ms: number; readonly p95_ms: number; readonly rows: number; readonly count: number }
  readonly unindexed: { readonly p50_ms: number; readonly p95_ms: number; readonly rows: number }
}
