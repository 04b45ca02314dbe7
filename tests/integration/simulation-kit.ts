import fc from 'fast-check'
import { expect } from 'vitest'
import type { Replica } from '@outpost/core'
import type { Fault, FaultRemote, RemoteCall } from '@outpost/core/testing'

/**
 * What the replica simulations share: the network's part of a case (faults on a sync's calls),
 * the ledger of what users saved, and the settling at the end of a case.
 */

/** `fault` hits the `at`-th push call of the sync, or with `any` the `at`-th call of any kind (pulls and listings too). */
export interface SyncOp { kind: 'sync'; replica: number; fault: Fault | undefined; at: number; any: boolean }

export const faultArb: fc.Arbitrary<Fault | undefined> = fc.oneof(
  fc.constant(undefined), fc.constant({ kind: 'drop-request' } as const), fc.constant({ kind: 'drop-response' } as const),
  fc.constant({ kind: 'server-error', status: 503 } as const), fc.constant({ kind: 'rate-limit', retryAfterMs: 5000 } as const),
  fc.nat(6).map((applied) => ({ kind: 'cut-batch', applied }) as const),
)

const syncArb = (replicas: number): fc.Arbitrary<SyncOp> =>
  fc.record({ kind: fc.constant('sync' as const), replica: fc.nat(replicas - 1), fault: faultArb, at: fc.nat(4), any: fc.boolean() })

/** One step a user (or the network) takes on one of the replicas. */
export type Op =
  | { kind: 'customer'; replica: number; label: string }
  | { kind: 'invoice'; replica: number; pick: number; qty: number }
  | { kind: 'edit'; replica: number; pick: number; notes: string }
  | { kind: 'delete'; replica: number; pick: number }
  | { kind: 'submit'; replica: number; pick: number }
  | SyncOp
  /** The app restarts: the replica is closed and opened again on the same data (durable stores only). */
  | { kind: 'reopen'; replica: number }

export function opArb(replicas: number): fc.Arbitrary<Op> {
  const replica = fc.nat(replicas - 1)
  return fc.oneof(
    fc.record({ kind: fc.constant('customer' as const), replica, label: fc.string({ minLength: 1, maxLength: 8 }) }),
    fc.record({ kind: fc.constant('invoice' as const), replica, pick: fc.nat(), qty: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ kind: fc.constant('edit' as const), replica, pick: fc.nat(), notes: fc.string({ maxLength: 10 }) }),
    fc.record({ kind: fc.constant('delete' as const), replica, pick: fc.nat() }),
    fc.record({ kind: fc.constant('submit' as const), replica, pick: fc.nat() }),
    syncArb(replicas),
    fc.record({ kind: fc.constant('reopen' as const), replica }),
  )
}

/** The fault of a sync op for each call; a cut batch is a lost answer for calls that are not batches. */
function faultPlan(op: SyncOp): (call: RemoteCall) => Fault | undefined {
  let seen = 0
  return (call) => {
    const pushing = call.op === 'push' || call.op === 'pushBatch'
    if (!(op.any || pushing) || seen++ !== op.at) return undefined
    return op.fault?.kind === 'cut-batch' && call.op !== 'pushBatch' ? { kind: 'drop-response' } : op.fault
  }
}

export async function syncWithFault(op: SyncOp, replica: Replica, remote: FaultRemote): Promise<void> {
  remote.plan(faultPlan(op))
  await replica.sync()
  remote.plan(() => undefined)
}

/** A refusal (an error with a code) is an expected outcome of random work; anything else fails the case. */
export async function attempt<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn()
  } catch (e) {
    if ((e as { code?: string }).code === undefined) throw e
    return undefined
  }
}

/**
 * Invariant 1's bookkeeping, by client id (`outpost_id`): every document a user created, minus
 * those a user deleted and those whose insert the server refused (then discarded), must be on
 * the server once everything is synced.
 */
export class Ledger {
  readonly #created = new Map<string, string>()
  readonly #gone = new Set<string>()

  created(doc: Record<string, unknown> | undefined): void {
    if (doc) this.#created.set(String(doc['outpost_id']), String(doc['doctype']))
  }

  /** Call before the document goes: it is read for its client id. */
  async deleting(replica: Replica, doctype: string, name: string): Promise<void> {
    const doc = await replica.db.getDoc(doctype, name).catch(() => undefined)
    if (doc) this.#gone.add(String(doc['outpost_id']))
  }

  /** Discard what the server refused; a refused insert takes its document with it. */
  async discardRefused(replica: Replica): Promise<void> {
    for (const e of await replica.errors.list()) {
      if (e.kind === 'insert') await this.deleting(replica, e.doctype, e.name)
      await replica.errors.discard(e.id)
    }
  }

  /** Invariant 1: what users saved and kept is on the server, under its client id. */
  expectKept(onServer: ReadonlyMap<string, ReadonlySet<string>>): void {
    const lost = [...this.#created].filter(([id, doctype]) => !this.#gone.has(id) && !onServer.get(doctype)?.has(id))
    expect(lost).toEqual([])
  }
}

/** Sync everyone, discarding what the server refuses, until nothing is pending. */
export async function settle(replicas: readonly Replica[], ledger: Ledger): Promise<void> {
  for (let round = 0; round < 6; round++) {
    for (const r of replicas) {
      await r.sync()
      await ledger.discardRefused(r)
    }
  }
}
