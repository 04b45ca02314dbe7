import type { Doc } from '@outpost/meta'
import { demoCustomers } from './demo-customers.ts'
import { demoItems } from './demo-catalog.ts'
import { demoMasters } from './demo-masters.ts'
import type { DemoRecord, DemoStep } from './demo-record.ts'
import { demoTransactions } from './demo-transactions.ts'
import { Rng } from './prng.ts'

export type { DemoRecord } from './demo-record.ts'

export type DemoSize = 'small' | 'medium' | 'large'

export interface DemoCounts {
  readonly customers: number
  readonly items: number
  readonly invoices: number
  readonly payments: number
}

export const DEMO_SIZES: Readonly<Record<DemoSize, DemoCounts>> = {
  small: { customers: 20, items: 50, invoices: 100, payments: 20 },
  medium: { customers: 500, items: 1000, invoices: 5000, payments: 1000 },
  large: { customers: 2000, items: 5000, invoices: 100_000, payments: 20_000 },
}

export const DEFAULT_DEMO_SEED = 20261101

export interface DemoSummary {
  readonly size: DemoSize
  readonly seed: number
  /** Records yielded per doctype. */
  readonly counts: Readonly<Record<string, number>>
  /** Records yielded with `submit: true`. */
  readonly submitted: number
}

/**
 * The demo site's documents, in insertion order: masters, items and prices, customers,
 * then invoices with payments interleaved. Deterministic for a (size, seed).
 *
 * The consumer passes each inserted document's final name back with `next(name)`:
 *
 *     const it = demoRecords('small')
 *     for (let step = it.next(); !step.done; ) step = it.next(insert(step.value))
 *
 * Memory stays bounded: only master names and a capped list of open invoices are kept.
 */
export function* demoRecords(size: DemoSize, seed: number = DEFAULT_DEMO_SEED): Generator<DemoRecord, DemoSummary, string> {
  const plan = DEMO_SIZES[size]
  const counts: Record<string, number> = {}
  let submitted = 0
  const rng = new Rng(seed)
  const counted = function* <T>(step: DemoStep<T>): DemoStep<T> {
    let next = step.next()
    while (!next.done) {
      const record = next.value
      counts[record.doctype] = (counts[record.doctype] ?? 0) + 1
      if (record.submit) submitted++
      next = step.next(yield record)
    }
    return next.value
  }
  const masters = yield* counted(demoMasters())
  const items = yield* counted(demoItems(rng, masters, plan.items))
  const customers = yield* counted(demoCustomers(rng, masters, plan.customers))
  yield* counted(demoTransactions(rng, masters, customers, items, plan))
  return { size, seed, counts, submitted }
}

/** Inserts one document (then submits it when `submit`) and returns its final name. */
export type DemoInsert = (doctype: string, doc: Doc, submit: boolean) => string | Promise<string>

/** Drive `demoRecords` through an insert function, awaiting each insert in order. */
export async function generateDemo(size: DemoSize, seed: number, insert: DemoInsert): Promise<DemoSummary> {
  const records = demoRecords(size, seed)
  let step = records.next()
  while (!step.done) {
    const { doctype, doc, submit } = step.value
    step = records.next(await insert(doctype, doc, submit))
  }
  return step.value
}
