import { compareDocs, matchesFilters, type Doc, type DocType, type FilterCondition, type Schema } from '@outpost/meta'
import type { DocQuery } from '@outpost/core'
import { countByGroups, narrow } from './candidates.ts'
import { pageOf } from './doc-order.ts'
import { loadDocs, scanDocs, scanOrdered, type Keep, type SessionSource } from './doc-scan.ts'
import { carriesOrder, indexedField, sortPair } from './index-entries.ts'
import { conditionPlan } from './key-ranges.ts'
import { ABOVE_STRINGS, MIN_STRING } from './layout.ts'
import type { BoundRange } from './read-session.ts'

/**
 * Up to this many candidates from indexes are loaded and sorted in memory; past it a page is
 * read in the order of its sort index instead, stopping once it is full.
 */
const LOAD_CANDIDATES_UP_TO = 1000

export interface QueryScope extends SessionSource {
  readonly schema: Schema
}

function keeper(scope: QueryScope, doctype: DocType, query: Pick<DocQuery, 'filters' | 'orFilters'>): Keep {
  const filters = query.filters ?? []
  const orFilters = query.orFilters ?? []
  if (filters.length === 0 && orFilters.length === 0) return () => true
  return (doc) => matchesFilters(scope.schema, doctype, doc, filters, orFilters)
}

type Term = { readonly field: string; readonly order: 'asc' | 'desc' }

/** The term a page is sorted by first: the first term, or `name` without terms; none when ranked by name. */
function firstTerm(query: DocQuery): Term | undefined {
  return query.rankByName !== undefined ? undefined : query.orderBy?.[0] ?? { field: 'name', order: 'asc' }
}

/** The first term, when its index can deliver a page in order. */
function streamTerm(doctype: DocType, first: Term | undefined): Term | undefined {
  return first && (first.field === 'name' || indexedField(doctype, first.field)) ? first : undefined
}

/** An equality filter whose entries list its documents in the sort term's order, and the other filters. */
interface PairedFilter {
  readonly range: BoundRange
  readonly rest: readonly FilterCondition[]
}

/**
 * The entries of an equality filter on a field whose entries carry the sort term's value as
 * order value (index-entries.ts): the filter's documents in the term's order.
 * None when the filter's value also matches NULLs (they have no entry of that field).
 */
function pairedFilter(scope: QueryScope, doctype: DocType, query: DocQuery, term: Term): PairedFilter | undefined {
  const pair = sortPair(doctype, scope.tables.listOrders)
  if (pair?.field !== term.field) return undefined
  const filters = query.filters ?? []
  for (const [i, c] of filters.entries()) {
    if (c.op !== '=' || c.field === 'name' || !carriesOrder(c.field, pair)) continue
    const plan = conditionPlan(doctype, c)
    if (plan?.index === 'ix' && plan.nulls === undefined && plan.ranges.length === 1) return { range: plan.ranges[0]!, rest: filters.filter((_, j) => j !== i) }
  }
  return undefined
}

/** Matching documents, unsorted: from the candidate keys when indexes narrowed, else a scan. */
async function matching(scope: QueryScope, doctype: DocType, keys: ReadonlySet<string> | undefined, keep: Keep): Promise<Doc[]> {
  return keys ? loadDocs(scope, doctype.name, keys, keep) : scanDocs(scope, doctype.name, keep)
}

/** queryDocs on committed data: Frappe filters with index narrowing, the port's order, a page. */
export async function queryCommitted(scope: QueryScope, doctype: DocType, query: DocQuery, loadUpTo = LOAD_CANDIDATES_UP_TO): Promise<Doc[]> {
  const { start, end } = pageOf(query)
  if (end === 0) return []
  const first = firstTerm(query)
  // a page off a filter's entries in the sort's order: the other filters narrow it, beside its listing
  const paired = end !== undefined && first ? pairedFilter(scope, doctype, query, first) : undefined
  const { keys } = await narrow(scope.reads, scope.schema, doctype, paired?.rest ?? query.filters ?? [], query.orFilters ?? [])
  if (keys?.size === 0) return []
  const keep = keeper(scope, doctype, query)
  const term = paired ? first : streamTerm(doctype, first)
  // read in order when a filter's entries give it, or when there are more candidates than are worth loading
  const inOrder = end !== undefined && term && (paired || keys === undefined || keys.size > loadUpTo)
  const docs = inOrder
    ? await scanOrdered(scope, doctype, { term, keys, keep, want: end, ...(paired ? { paired: paired.range } : {}) })
    : await matching(scope, doctype, keys, keep)
  return docs.sort(compareDocs(doctype, query)).slice(start, end)
}

/** countDocs on committed data: from the indexes alone when they answer every condition exactly. */
export async function countCommitted(scope: QueryScope, doctype: DocType, query: Pick<DocQuery, 'filters' | 'orFilters'>): Promise<number> {
  const filters = query.filters ?? []
  const orFilters = query.orFilters ?? []
  if (filters.length === 0 && orFilters.length === 0) {
    return scope.reads.countDocs('pk', { lower: [doctype.name, MIN_STRING], upper: [doctype.name, ABOVE_STRINGS], lowerOpen: false, upperOpen: true })
  }
  // conditions on grouped fields only: the index counts the groups that pass them all
  const byGroups = orFilters.length === 0 ? await countByGroups(scope.reads, scope.schema, doctype, filters) : undefined
  if (byGroups !== undefined) return byGroups
  // one condition on one index range: the index counts it, without listing its keys
  const single = filters.length === 1 && orFilters.length === 0 ? conditionPlan(doctype, filters[0]!) : undefined
  if (single?.ranges.length === 1 && single.nulls === undefined) return scope.reads.countDocs(single.index, single.ranges[0]!)
  const { keys, exact } = await narrow(scope.reads, scope.schema, doctype, filters, orFilters)
  if (keys && exact) return keys.size
  const keep = keeper(scope, doctype, query)
  let n = 0
  // count while reading, keeping no document
  await matching(scope, doctype, keys, (doc) => {
    if (keep(doc)) n++
    return false
  })
  return n
}
