import type { Doc } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { OUTBOX, outboxKey, type Mutation } from '../outbox/mutation.ts'
import type { BatchPushOutcome, PushOutcome } from '../ports/remote.ts'
import { outgoing, settle, settleAccepted, type PushSummary } from './push-settle.ts'
import { OutboxView } from './push-view.ts'

/** Mutations per request: a few hundred documents, under the protocol's 1,000. */
export const MAX_BATCH = 250
/**
 * Requests on their way at once. Batch N+1 is sent before batch N's answer is settled, so the
 * server works on it meanwhile; it holds only mutations that wait for nothing still in flight.
 */
export const PIPELINE_DEPTH = 2

export interface BatchOptions {
  readonly maxBatch?: number
  readonly depth?: number
  /** Send the mutations waiting out a backoff too (a sync someone asked for). */
  readonly retryBackoff?: boolean
}

export interface BatchRun {
  /** The server refused a batch as a whole: push one by one for the rest of this sync. */
  readonly oneByOne: boolean
}

interface Flight {
  readonly sent: readonly Mutation[]
  readonly answer: Promise<BatchPushOutcome>
}

/** Outcomes that end the run: nothing more is sent, what is in flight is still settled. */
const STOPS = new Set<PushOutcome['kind']>(['retry', 'auth', 'offline'])

function stopsRun(outcome: BatchPushOutcome, sent: number): boolean {
  if (outcome.kind !== 'results') return STOPS.has(outcome.kind) || sent > 1
  return outcome.results.some((r) => r !== undefined && STOPS.has(r.kind))
}

/**
 * Outcomes in push order, each as the one-by-one path settles it; runs of accepted ones share a
 * local transaction. `undefined` (not attempted) leaves a mutation queued, still marked as sent.
 * Answers whether the run must stop, and which mutations got an outcome.
 */
async function settleAll(ctx: ReplicaContext, sent: readonly Mutation[], outcomes: readonly (PushOutcome | undefined)[], summary: PushSummary): Promise<{ stop: boolean; settled: number[] }> {
  let stop = false
  const settled: number[] = []
  let accepts: { seq: number; doc: Doc | undefined }[] = []
  const flush = async (): Promise<void> => {
    if (accepts.length > 0) await settleAccepted(ctx, accepts, summary)
    accepts = []
  }
  for (const [i, m] of sent.entries()) {
    const outcome = outcomes[i]
    if (!outcome) continue
    settled.push(m.seq)
    if (outcome.kind === 'accepted') {
      accepts.push({ seq: m.seq, doc: outcome.doc })
      continue
    }
    // Anything else settles on its own, after the accepted ones before it, in push order.
    await flush()
    const current = await ctx.store.read((tx) => tx.getRecord<Mutation>(OUTBOX, outboxKey(m.seq)))
    if (current && !(await settle(ctx, current, outcome, summary))) stop = true
  }
  await flush()
  return { stop, settled }
}

/** One answer: settled per mutation, or the whole batch refused (`oneByOne`: mutations stay marked sent). */
async function settleFlight(ctx: ReplicaContext, flight: Flight, outcome: BatchPushOutcome, summary: PushSummary): Promise<{ stop: boolean; oneByOne: boolean; settled: number[] }> {
  if (outcome.kind === 'results') return { ...(await settleAll(ctx, flight.sent, outcome.results, summary)), oneByOne: false }
  // Refused as a whole (too large, one bad DocType): one by one, each refusal lands on its own mutation.
  if (outcome.kind === 'rejected' && flight.sent.length > 1) return { stop: true, oneByOne: true, settled: [] }
  return { ...(await settleAll(ctx, flight.sent, flight.sent.map(() => outcome), summary)), oneByOne: false }
}

/**
 * Push the ready mutations in batches, in causal order, until none is ready or the server is
 * unreachable. Each batch is marked sent in the transaction that picks it, before its request,
 * so a lost answer makes the retry carry `maybeApplied`. Up to `depth` requests are on their
 * way at once; answers are settled in the order the batches were sent.
 */
export async function pushBatches(ctx: ReplicaContext, summary: PushSummary, onProgress?: (done: number) => void, options: BatchOptions = {}): Promise<BatchRun> {
  const pushBatch = ctx.remote.pushBatch?.bind(ctx.remote)
  if (!pushBatch) return { oneByOne: true }
  const view = new OutboxView(ctx)
  const depth = options.depth ?? PIPELINE_DEPTH
  const flights: Flight[] = []
  // Sent in this run and not settled yet, or not attempted by the server: not sent again now.
  const skip = new Set<number>()
  let stopped = false
  let oneByOne = false
  const send = async (): Promise<void> => {
    while (!stopped && flights.length < depth) {
      const rules = { now: ctx.env.now(), max: options.maxBatch ?? MAX_BATCH, tempNames: ctx.remote.capabilities.tempNameResolution, retryBackoff: options.retryBackoff === true }
      const sent = await view.take(rules, skip)
      if (sent.length === 0) return
      for (const m of sent) skip.add(m.seq)
      const answer = pushBatch(sent.map((m) => outgoing(ctx, m)))
      // Awaited in turn below; should this run fail first, a later rejection must not go unhandled.
      answer.catch(() => undefined)
      flights.push({ sent, answer })
    }
  }
  await send()
  for (let flight = flights.shift(); flight; flight = flights.shift()) {
    const outcome = await flight.answer
    if (stopsRun(outcome, flight.sent.length)) stopped = true
    // The next batch travels while this answer is settled.
    await send()
    const result = await settleFlight(view.ctx, flight, outcome, summary)
    if (result.stop) stopped = true
    if (result.oneByOne) oneByOne = true
    for (const seq of result.settled) skip.delete(seq)
    if (result.settled.length > 0) onProgress?.(summary.pushed + summary.rejected)
    // What waited for this batch may go now.
    await send()
  }
  if ((await view.current()).someInBackoff(ctx.env.now())) summary.retryLater = true
  return { oneByOne }
}
