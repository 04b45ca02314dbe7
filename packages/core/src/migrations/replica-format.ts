import { OutpostError } from '../errors.ts'
import type { LocalStore, StoreWriter } from '../ports/local-store.ts'

/**
 * The format of what the engine keeps in a store's records (outbox, bases, logs, cursors,
 * meta). A store written by a newer library is refused, never rewritten; an older one is
 * brought forward step by step in one write. (Each store versions its own layout too.)
 */
export const REPLICA_FORMAT_VERSION = 1

/** Rewrites the records of format n into format n + 1. */
export type FormatStep = (tx: StoreWriter) => Promise<void>

/** Steps keyed by the format they start from; none while there is one format. */
const STEPS: ReadonlyMap<number, FormatStep> = new Map()

export const FORMAT_RECORD = 'replica-format'

export interface ReplicaFormat {
  readonly version: number
  readonly steps: ReadonlyMap<number, FormatStep>
}

/** The store's format; a store with data but no format record predates it and is format 1. */
async function storedFormat(store: LocalStore): Promise<number | undefined> {
  return store.read(async (tx) => {
    const value = await tx.getRecord<unknown>('state', FORMAT_RECORD)
    if (value === undefined) return (await tx.countRecords('meta')) > 0 ? 1 : undefined
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new OutpostError('STORE_CORRUPT', `The local store's replica format record is damaged (${JSON.stringify(value)})`)
    return value
  })
}

/**
 * Check the store's replica format before anything reads it: newer is STORE_CORRUPT (nothing is
 * touched, so the newer library still opens it), older is migrated forward in one write (all
 * steps or none), a new store is stamped. Answers the format the store had.
 */
export async function prepareReplicaFormat(store: LocalStore, format: ReplicaFormat = { version: REPLICA_FORMAT_VERSION, steps: STEPS }): Promise<number | undefined> {
  const from = await storedFormat(store)
  if (from === format.version) return from
  if (from !== undefined && from > format.version) {
    throw new OutpostError('STORE_CORRUPT', `The local store was written by a newer version of Outpost (replica format ${String(from)}; this version reads up to ${String(format.version)})`)
  }
  await store.write(async (tx) => {
    for (let v = from ?? format.version; v < format.version; v++) {
      const step = format.steps.get(v)
      if (!step) throw new OutpostError('STORE_CORRUPT', `The local store has replica format ${String(from)}, which this version cannot read`)
      await step(tx)
    }
    await tx.putRecord('state', FORMAT_RECORD, format.version)
  })
  return from
}
