import type { Doc } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { OUTBOX, outboxKey, type Mutation } from '../outbox/mutation.ts'
import { listOutbox } from '../outbox/outbox-store.ts'
import type { PushOutcome } from '../ports/remote.ts'
import { markSent, outgoing, settle, settleAccepted, type PushSummary } from './push-settle.ts'
import { PushQueue } from './ready.ts'

/** Mutations per request: a few hundred documents, under the protocol's 1,000. */
export const MAX_BATCH = 500

export interface PassResult {
  readonly progressed: boolean
  readonly stop: boolean
  /** The server refused a batch as a whole: push one by one for the rest of this sync. */
  readonly oneByOne?: boolean
}

/**
 * Outcomes in push order, each as the one-by-one path settles it; runs of accepted ones share a
 * local transaction. `undefined` (not attempted) leaves a mutation queued, still marked as sent.
 */
async function settleAll(
  ctx: ReplicaContext, sent: readonly Mutation[], outcomes: readonly (PushOutcome | undefined)[], summary: PushSummary, onProgress?: (done: number) => void,
): Promise<PassResult> {
  let progressed = false
  let stop = false
  let accepts: { seq: number; doc: Doc | undefined }[] = []
  const flush = async (): Promise<void> => {
    if (accepts.length > 0) await settleAccepted(ctx, accepts, summary)
    accepts = []
  }
  for (const [i, m] of sent.entries()) {
    const outcome = outcomes[i]
    if (!outcome) continue
    progressed = true
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
  if (progressed) onProgress?.(summary.pushed + summary.rejected)
  return { progressed, stop }
}

/**
 * One batch: the ready mutations in causal order (with `tempNameResolution`, also those that
 * only wait for an insert in the same batch), marked as sent in one transaction before the
 * request, so a lost answer makes the retry carry `maybeApplied`.
 */
export async function batchPass(ctx: ReplicaContext, summary: PushSummary, onProgress?: (done: number) => void): Promise<PassResult> {
  if (!ctx.remote.pushBatch) return { progressed: false, stop: false, oneByOne: true }
  const queue = new PushQueue(await ctx.store.read((tx) => listOutbox(tx)))
  const now = ctx.env.now()
  if (queue.mutations.some((m) => queue.readiness(m, now) === 'backoff')) summary.retryLater = true
  const batch = queue.batch({ now, max: MAX_BATCH, tempNames: ctx.remote.capabilities.tempNameResolution })
  if (batch.length === 0) return { progressed: false, stop: false }
  const sent = await markSent(ctx, batch)
  const outcome = await ctx.remote.pushBatch(batch.map((m) => outgoing(ctx, m)))
  if (outcome.kind === 'results') return settleAll(ctx, sent, outcome.results, summary, onProgress)
  // Refused as a whole (too large, one bad DocType): one by one, each refusal lands on its own mutation.
  if (outcome.kind === 'rejected' && sent.length > 1) return { progressed: false, stop: false, oneByOne: true }
  return settleAll(ctx, sent, sent.map(() => outcome), summary, onProgress)
}
