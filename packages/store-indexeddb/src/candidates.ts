import type { DocType, FilterCondition } from '@outpost/meta'
import { conditionPlan, type ConditionPlan } from './key-ranges.ts'
import type { Tables } from './layout.ts'

/**
 * The documents a query can match, from indexes alone: `keys` (folded names) is a superset of
 * the matches, or undefined when no index narrows the query; `exact` says it is exactly them.
 */
export interface Narrowing {
  readonly keys: ReadonlySet<string> | undefined
  readonly exact: boolean
}

/**
 * The folded names in a plan's ranges, read from the index without loading documents: every
 * range (one per `in` value) is one getAllKeys, all issued at once in one transaction.
 */
async function planKeys(tables: Tables, plan: ConditionPlan): Promise<Set<string>> {
  const index = plan.index === 'pk' ? ':id' : 'ix'
  const lists = await tables.db.transaction('r', tables.docs, () => Promise.all(plan.ranges.map((r) =>
    tables.docs.where(index).between(r.lower, r.upper, !r.lowerOpen, !r.upperOpen).primaryKeys())))
  const out = new Set<string>()
  for (const keys of lists) for (const [, key] of keys) out.add(key)
  return out
}

function intersect(a: ReadonlySet<string> | undefined, b: ReadonlySet<string>): ReadonlySet<string> {
  if (!a) return b
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  return new Set([...small].filter((k) => large.has(k)))
}

/** OR of `orFilters`: narrows only when every one of them has an index plan. */
async function orKeys(tables: Tables, doctype: DocType, orFilters: readonly FilterCondition[]): Promise<Set<string> | undefined> {
  const plans = orFilters.map((c) => conditionPlan(doctype, c))
  if (plans.some((p) => p === undefined)) return undefined
  const out = new Set<string>()
  for (const plan of plans) for (const k of await planKeys(tables, plan!)) out.add(k)
  return out
}

/** AND of `filters` with (OR of `orFilters`), each condition an index read where it has a plan. */
export async function narrow(tables: Tables, doctype: DocType, filters: readonly FilterCondition[], orFilters: readonly FilterCondition[]): Promise<Narrowing> {
  let keys: ReadonlySet<string> | undefined
  let exact = true
  for (const c of filters) {
    const plan = conditionPlan(doctype, c)
    if (!plan) {
      exact = false
      continue
    }
    keys = intersect(keys, await planKeys(tables, plan))
    // nothing can match: no need to read the other conditions (or documents)
    if (keys.size === 0) return { keys, exact: true }
  }
  if (orFilters.length > 0) {
    const ors = await orKeys(tables, doctype, orFilters)
    if (ors) keys = intersect(keys, ors)
    else exact = false
  }
  return { keys, exact: exact && keys !== undefined }
}
