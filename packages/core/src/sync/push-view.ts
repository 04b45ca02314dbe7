import type { ReplicaContext } from '../context.ts'
import type { Mutation } from '../outbox/mutation.ts'
import { listOutbox, markMutationSent, outboxStamp, trackOutboxChanges } from '../outbox/outbox-store.ts'
import type { LocalStore, StoreWriter } from '../ports/local-store.ts'
import { PushQueue, type BatchRules } from './ready.ts'

/**
 * The outbox as one push run sees it: read once, then kept up to date from the changes of the
 * run's own transactions (`ctx`'s writes are tracked), so a push of thousands of mutations does
 * not read and parse the whole outbox again for every batch. A change made by anyone else (a
 * save, another tab, a retry from the error log) moves the outbox stamp, and the next batch
 * reads the outbox afresh inside the transaction that marks it sent.
 */
export class OutboxView {
  #queue: PushQueue | undefined
  #stamp = ''
  readonly #store: LocalStore
  /** The replica's context, its writes tracked: settle through it. */
  readonly ctx: ReplicaContext

  constructor(ctx: ReplicaContext) {
    this.#store = ctx.store
    this.ctx = { ...ctx, store: this.#tracked(ctx.store) }
  }

  /** The queue now (read again if someone else changed the outbox). */
  async current(): Promise<PushQueue> {
    if (this.#queue) return this.#queue
    const read = await this.#store.read(async (tx) => ({ queue: new PushQueue(await listOutbox(tx)), stamp: await outboxStamp(tx) }))
    this.#stamp = read.stamp
    return (this.#queue = read.queue)
  }

  #tracked(store: LocalStore): LocalStore {
    return {
      capabilities: store.capabilities,
      open: (schema) => store.open(schema),
      read: (fn) => store.read(fn),
      write: (fn) => this.#write(store, (tx) => fn(tx)),
      close: () => store.close(),
      destroy: () => store.destroy(),
    }
  }

  /**
   * `fn` in a write transaction whose outbox changes are applied to the queue once it commits.
   * With `relist`, a queue that may be stale is read again first, inside the same transaction.
   */
  async #write<T>(store: LocalStore, fn: (tx: StoreWriter, queue: PushQueue) => Promise<T>, relist = false): Promise<T> {
    let fresh: PushQueue | undefined
    const out = await store.write((tx) => trackOutboxChanges(tx, async (before) => {
      if (relist && (this.#queue === undefined || before !== this.#stamp)) fresh = new PushQueue(await listOutbox(tx))
      return fn(tx, fresh ?? this.#queue ?? new PushQueue([]))
    }))
    if (fresh) this.#queue = fresh
    // Someone else changed the outbox before this transaction: the next batch reads it again.
    else if (out.before !== this.#stamp) this.#queue = undefined
    this.#stamp = out.after
    for (const [seq, m] of out.changes) {
      if (m) this.#queue?.set(m)
      else this.#queue?.remove(seq)
    }
    return out.result
  }

  /**
   * The next batch, marked sent in the transaction that picks it: ready mutations in causal
   * order, none of `skip`, none waiting for one of `skip`; each as stored before it was marked,
   * so `inflight` still tells whether an earlier attempt may have been applied.
   */
  take(rules: BatchRules, skip: ReadonlySet<number>): Promise<Mutation[]> {
    return this.#write(this.#store, async (tx, queue) => {
      const batch: Mutation[] = []
      // the queue is the outbox as stored: checked against its stamp in this transaction
      for (const m of queue.batch(rules, skip)) {
        const stored = await markMutationSent(tx, m.seq, m)
        if (stored) batch.push(stored)
      }
      return batch
    }, true)
  }
}
