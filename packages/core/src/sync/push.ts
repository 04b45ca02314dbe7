import type { ReplicaContext } from '../context.ts'
import { OUTBOX, outboxKey, type Mutation } from '../outbox/mutation.ts'
import { listOutbox } from '../outbox/outbox-store.ts'
import { pushBatches } from './push-batch.ts'
import { markSent, outgoing, settle, type PushSummary } from './push-settle.ts'
import { PushQueue } from './ready.ts'

export type { PushSummary } from './push-settle.ts'

interface PassResult {
  readonly progressed: boolean
  readonly stop: boolean
}

export interface PushOptions {
  /** Send the mutations waiting out a backoff too (a sync someone asked for). */
  readonly retryBackoff?: boolean
}

/** One pass over the queue in push order, one mutation per request. */
async function singlePass(ctx: ReplicaContext, summary: PushSummary, onProgress: ((done: number) => void) | undefined, options: PushOptions): Promise<PassResult> {
  const queue = new PushQueue(await ctx.store.read((tx) => listOutbox(tx)))
  let progressed = false
  for (const listed of queue.mutations) {
    const r = queue.readiness(listed, ctx.env.now(), options.retryBackoff === true)
    if (r === 'backoff') summary.retryLater = true
    if (r !== 'ready') continue
    // Read it afresh: a rename earlier in this pass may have rewritten its names.
    const m = await ctx.store.read((tx) => tx.getRecord<Mutation>(OUTBOX, outboxKey(listed.seq)))
    if (!m) continue
    const sent = (await markSent(ctx, [m]))[0] ?? m
    const outcome = await ctx.remote.push(outgoing(ctx, m))
    const goOn = await settle(ctx, sent, outcome, summary)
    progressed = true
    onProgress?.(summary.pushed + summary.rejected)
    if (!goOn) return { progressed, stop: true }
    if (outcome.kind === 'conflict') return { progressed, stop: false }
    if (outcome.kind === 'rejected') queue.set({ ...sent, inflight: false, rejected: true })
    else queue.remove(sent.seq)
  }
  return { progressed, stop: false }
}

/**
 * Push ready mutations in causal order until none is ready or the server is unreachable: in
 * batches when the Remote can take them, else (or once the server refused a batch as a whole)
 * one by one.
 */
export async function pushAll(ctx: ReplicaContext, onProgress?: (done: number) => void, options: PushOptions = {}): Promise<PushSummary> {
  const summary: PushSummary = { pushed: 0, rejected: 0, conflicts: 0, offline: false, authRequired: false, retryLater: false }
  if (ctx.remote.capabilities.batchPush && ctx.remote.pushBatch !== undefined) {
    const run = await pushBatches(ctx, summary, onProgress, { retryBackoff: options.retryBackoff ?? false })
    if (!run.oneByOne) return summary
  }
  for (;;) {
    const pass = await singlePass(ctx, summary, onProgress, options)
    if (pass.stop || !pass.progressed) return summary
  }
}
