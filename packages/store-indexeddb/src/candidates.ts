import { matchesCondition, type DocType, type FilterCondition, type Schema } from '@outpost/meta'
import { conditionPlan, type ConditionPlan } from './key-ranges.ts'
import type { DocKey } from './layout.ts'
import { groupCount, groupDocKeys, nullDocKeys } from './group-keys.ts'
import { groupedFields, type Group } from './index-entries.ts'
import type { ReadSession } from './read-session.ts'

/**
 * The documents a query can match, from indexes alone: `keys` (folded names) is a superset of
 * the matches, or undefined when no index narrows the query; `exact` says it is exactly them.
 */
export interface Narrowing {
  readonly keys: ReadonlySet<string> | undefined
  readonly exact: boolean
}

/** A condition on a grouped field: the groups whose value passes it (group-keys.ts). */
interface GroupPlan {
  readonly index: 'group'
  readonly at: number
  readonly test: (value: unknown) => boolean
}

type Plan = ConditionPlan | GroupPlan

/**
 * The plan of a top-level condition on a grouped field: meta's own test on the group's value,
 * which is the value as the index folds it (tested as a document holding it). None when meta
 * refuses the condition: the scan then reports the refusal.
 */
function groupPlan(schema: Schema, doctype: DocType, c: FilterCondition): GroupPlan | undefined {
  if (c.doctype !== undefined && c.doctype !== doctype.name) return undefined
  const at = groupedFields(doctype).findIndex((f) => f.field === c.field)
  if (at < 0) return undefined
  const test = (value: unknown): boolean => matchesCondition(schema, doctype, { [c.field]: value }, c)
  try {
    test(null)
  } catch {
    return undefined
  }
  return { index: 'group', at, test }
}

/**
 * The count of an AND of conditions that are all on grouped fields, from the groups alone: the
 * index counts each group that passes every condition, listing no key. Undefined otherwise.
 */
export async function countByGroups(reads: ReadSession, schema: Schema, doctype: DocType, filters: readonly FilterCondition[]): Promise<number | undefined> {
  if (filters.length === 0) return undefined
  const plans = filters.map((c) => groupPlan(schema, doctype, c))
  if (plans.some((p) => p === undefined)) return undefined
  return groupCount(reads, doctype.name, (g) => plans.every((p) => groupPasses(p!, g)))
}

/** Whether a document group passes a grouped condition. */
const groupPasses = (plan: GroupPlan, g: Group): boolean => plan.test(g.values[plan.at] ?? null)

const planOf = (schema: Schema, doctype: DocType, c: FilterCondition): Plan | undefined => conditionPlan(doctype, c) ?? groupPlan(schema, doctype, c)

/**
 * The folded names in a plan's ranges (and its field's NULLs), read from the index without
 * loading documents: every range (one per `in` value) is one getAllKeys, all issued at once in
 * the call's transaction.
 */
async function planKeys(reads: ReadSession, doctype: DocType, plan: Plan): Promise<Set<string>> {
  if (plan.index === 'group') return groupDocKeys(reads, doctype.name, (g) => groupPasses(plan, g))
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
async function orKeys(reads: ReadSession, schema: Schema, doctype: DocType, orFilters: readonly FilterCondition[]): Promise<Set<string> | undefined> {
  if (orFilters.length === 0) return undefined
  const plans = orFilters.map((c) => planOf(schema, doctype, c))
  if (plans.some((p) => p === undefined)) return undefined
  const out = new Set<string>()
  for (const keys of await Promise.all(plans.map((p) => planKeys(reads, doctype, p!)))) for (const k of keys) out.add(k)
  return out
}

/** AND of `filters` with (OR of `orFilters`), each condition an index read where it has a plan, all asked for at once. */
export async function narrow(reads: ReadSession, schema: Schema, doctype: DocType, filters: readonly FilterCondition[], orFilters: readonly FilterCondition[]): Promise<Narrowing> {
  const plans = filters.map((c) => planOf(schema, doctype, c))
  const planned = plans.filter((p): p is Plan => p !== undefined)
  let exact = planned.length === plans.length
  const [ands, ors] = await Promise.all([Promise.all(planned.map((p) => planKeys(reads, doctype, p))), orKeys(reads, schema, doctype, orFilters)])
  let keys: ReadonlySet<string> | undefined
  for (const k of ands) keys = intersect(keys, k)
  if (orFilters.length > 0) {
    if (ors) keys = intersect(keys, ors)
    else exact = false
  }
  return { keys, exact: exact && keys !== undefined }
}
