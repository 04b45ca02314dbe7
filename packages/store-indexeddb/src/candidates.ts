import type { DocType, FilterCondition } from '@outpost/meta'
import { conditionPlan, type ConditionPlan } from './key-ranges.ts'
import type { DocKey } from './layout.ts'
import { nullDocKeys } from './null-keys.ts'
import type { ReadSession } from './read-session.ts'

/**
 * The documents a query can match, from indexes alone: `keys` (folded names) is a superset of
 * the matches, or undefined when no index narrows the query; `exact` says it is exactly them.
 */
export interface Narrowing {
  readonly keys: ReadonlySet<string> | undefined
  readonly exact: boolean
}

/**
 * The folded names in a plan's ranges (and its field's NULLs), read from the index without
 * loading documents: every range (one per `in` value) is one getAllKeys, all issued at once in
 * the call's transaction.
 */
async function planKeys(reads: ReadSession, doctype: DocType, plan: ConditionPlan): Promise<Set<string>> {
  const [lists, nulls] = await Promise.all([reads.docKeys(plan.index, plan.ranges), plan.nulls === undefined ? undefined : nullDocKeys(reads, doctype.name, plan.nulls)])
  const out = nulls ?? new Set<string>()
  for (const keys of lists) for (const [, key] of keys as DocKey[]) out.add(key)
  return out
}

function intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): ReadonlySet<string> {
  if (!a) return b
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  return new Set([...small].filter((k) => large.has(k)))
}

/** OR of `orFilters`: narrows only when every one of them has an index plan. */
async function orKeys(reads: ReadSession, doctype: DocType, orFilters: readonly FilterCondition[]): Promise<Set<string> | undefined> {
  if (orFilters.length === 0) return undefined
  const plans = orFilters.map((c) => conditionPlan(doctype, c))
  if (plans.some((p) => p === undefined)) return undefined
  const out = new Set<string>()
  for (const keys of await Promise.all(plans.map((p) => planKeys(reads, doctype, p!)))) for (const k of keys) out.add(k)
  return out
}

/** AND of `filters` with (OR of `orFilters`), each condition an index read where it has a plan, all asked for at once. */
export async function narrow(reads: ReadSession, doctype: DocType, filters: readonly FilterCondition[], orFilters: readonly FilterCondition[]): Promise<Narrowing> {
  const plans = filters.map((c) => conditionPlan(doctype, c))
  const planned = plans.filter((p): p is ConditionPlan => p !== undefined)
  let exact = planned.length === plans.length
  const [ands, ors] = await Promise.all([Promise.all(planned.map((p) => planKeys(reads, doctype, p))), orKeys(reads, doctype, orFilters)])
  let keys: ReadonlySet<string> | undefined
  for (const k of ands) keys = intersect(keys, k)
  if (orFilters.length > 0) {
    if (ors) keys = intersect(keys, ors)
    else exact = false
  }
  return { keys, exact: exact && keys !== undefined }
}
