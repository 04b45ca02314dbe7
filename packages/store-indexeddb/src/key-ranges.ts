import {
  compareScalars, filterBetween, filterList, filterScalar, isNumericKind, nullFallback,
  type DocType, type FilterCondition, type FilterScalar, type StorageKind,
} from '@outpost/meta'
import { indexedField } from './index-entries.ts'
import { ABOVE_STRINGS, MIN_STRING, type IndexValue } from './layout.ts'

/** One end of a range of field values; `above` stands past every value of the kind. */
type End = IndexValue | typeof ABOVE_STRINGS
interface ValueRange {
  readonly lower: End
  readonly upper: End
  readonly lowerOpen: boolean
  readonly upperOpen: boolean
}

/** A key range of the `docs` primary key (`pk`) or of the `ix` index, for Dexie's between(). */
export interface KeyRange {
  readonly lower: unknown[]
  readonly upper: unknown[]
  readonly lowerOpen: boolean
  readonly upperOpen: boolean
}

/**
 * Where the documents a condition can match are found: the union of these ranges, and of the
 * documents where `nulls` is NULL when it is set, holds exactly the documents that match it
 * (the index value is meta's filter value; a NULL has no entry of its field: group-keys.ts).
 */
export interface ConditionPlan {
  readonly index: 'pk' | 'ix'
  readonly ranges: readonly KeyRange[]
  /** The field whose NULLs match too. */
  readonly nulls?: string
}

/** Every value of a kind: numbers are -Infinity … '' (exclusive), strings '' … [] (exclusive). */
function everything(kind: StorageKind): ValueRange {
  return isNumericKind(kind)
    ? { lower: -Infinity, upper: MIN_STRING, lowerOpen: false, upperOpen: true }
    : { lower: MIN_STRING, upper: ABOVE_STRINGS, lowerOpen: false, upperOpen: true }
}

const point = (v: FilterScalar): ValueRange => ({ lower: v, upper: v, lowerOpen: false, upperOpen: false })

/** The value ranges a comparison holds on, and whether NULL (compared as its fallback) does. */
function compareRanges(kind: StorageKind, op: string, v: FilterScalar): ValueRange[] | undefined {
  const all = everything(kind)
  switch (op) {
    case '=': return [point(v)]
    case '<': return [{ ...all, upper: v, upperOpen: true }]
    case '<=': return [{ ...all, upper: v, upperOpen: false }]
    case '>': return [{ ...all, lower: v, lowerOpen: true }]
    case '>=': return [{ ...all, lower: v, lowerOpen: false }]
    default: return undefined
  }
}

const COMPARE: Record<string, (order: number) => boolean> = {
  '=': (o) => o === 0, '<': (o) => o < 0, '<=': (o) => o <= 0, '>': (o) => o > 0, '>=': (o) => o >= 0,
}

function isSetRanges(kind: StorageKind, value: unknown): { ranges: ValueRange[]; nulls: boolean } | undefined {
  const v = String(value ?? '').toLowerCase()
  if (v !== 'set' && v !== 'not set') return undefined
  const all = everything(kind)
  if (isNumericKind(kind)) {
    return v === 'set' ? { ranges: [{ ...all, upper: 0, upperOpen: true }, { ...all, lower: 0, lowerOpen: true }], nulls: false } : { ranges: [point(0)], nulls: false }
  }
  // Frappe's ifnull(col, '') != '': NULL and '' are not set, whatever the kind's fallback
  return v === 'set' ? { ranges: [{ ...all, lower: '', lowerOpen: true }], nulls: false } : { ranges: [point('')], nulls: true }
}

/** The ranges of field values a condition matches; undefined when no index range expresses it. */
function valueRanges(kind: StorageKind, c: FilterCondition): { ranges: ValueRange[]; nulls: boolean } | undefined {
  const fallback = nullFallback(kind)
  const nullable = !isNumericKind(kind)
  if (c.op === 'is') return isSetRanges(kind, c.value)
  if (c.op === 'in') {
    const values = filterList(kind, c.value)
    // Frappe turns an empty list into (''): it matches empty values only
    if (values.length === 0) return nullable ? { ranges: [point('')], nulls: fallback === '' } : { ranges: [], nulls: false }
    return { ranges: values.map(point), nulls: nullable && values.some((v) => compareScalars(fallback, v) === 0) }
  }
  if (c.op === 'between') {
    const [from, to] = filterBetween(kind, c.value)
    const inside = compareScalars(fallback, from) >= 0 && compareScalars(fallback, to) <= 0
    return { ranges: [{ lower: from, upper: to, lowerOpen: false, upperOpen: false }], nulls: nullable && inside }
  }
  const holds = COMPARE[c.op]
  const v = holds ? filterScalar(kind, c.value) : undefined
  const ranges = v === undefined ? undefined : compareRanges(kind, c.op, v)
  if (!holds || v === undefined || !ranges) return undefined
  return { ranges, nulls: nullable && holds(compareScalars(fallback, v)) }
}

/** IndexedDB's order on the ends we build: numbers, then strings, then arrays. */
function endOrder(a: End, b: End): number {
  const rank = (x: End): number => (typeof x === 'number' ? 0 : typeof x === 'string' ? 1 : 2)
  const r = rank(a) - rank(b)
  if (r !== 0 || typeof a === 'object' || typeof b === 'object') return r
  return compareScalars(a, b)
}

/** IDBKeyRange.bound throws on an empty range: drop those. */
function nonEmpty(r: ValueRange): boolean {
  const o = endOrder(r.lower, r.upper)
  return o < 0 || (o === 0 && !r.lowerOpen && !r.upperOpen)
}

/**
 * The `ix` keys of a value range, whether an entry ends with its value or carries an order
 * value after it (index-entries.ts): [doctype, field, v] sorts before every [doctype, field,
 * v, order], and [doctype, field, v, ABOVE_STRINGS] after them, so a closed end takes them
 * all in and an open one leaves them all out.
 */
function entryRange(prefix: readonly unknown[], r: ValueRange): KeyRange {
  return {
    lower: r.lowerOpen ? [...prefix, r.lower, ABOVE_STRINGS] : [...prefix, r.lower],
    upper: r.upperOpen ? [...prefix, r.upper] : [...prefix, r.upper, ABOVE_STRINGS],
    lowerOpen: r.lowerOpen,
    upperOpen: r.upperOpen,
  }
}

/**
 * The index plan of one top-level condition on an indexed field (or `name`), or undefined when
 * the condition needs a scan (child tables, `!=`, `not in`, `like`, unindexed fields, values
 * meta refuses: the scan then reports the refusal as the memory store does).
 */
export function conditionPlan(doctype: DocType, c: FilterCondition): ConditionPlan | undefined {
  if (c.doctype !== undefined && c.doctype !== doctype.name) return undefined
  const isName = c.field === 'name'
  const field = isName ? { field: 'name', kind: 'text' as const } : indexedField(doctype, c.field)
  if (!field) return undefined
  let values: ReturnType<typeof valueRanges>
  try {
    values = valueRanges(field.kind, c)
  } catch {
    return undefined
  }
  if (!values) return undefined
  const prefix = isName ? [doctype.name] : [doctype.name, field.field]
  const ranges: KeyRange[] = values.ranges.filter(nonEmpty).map((r) => (isName ? { ...r, lower: [...prefix, r.lower], upper: [...prefix, r.upper] } : entryRange(prefix, r)))
  return values.nulls && !isName ? { index: 'ix', ranges, nulls: field.field } : { index: isName ? 'pk' : 'ix', ranges }
}
