import {
  compareScalars, filterBetween as betweenBounds, filterList as listOf, filterScalar as scalar, FrappeError, likeMatches, nullFallback,
  type FilterCondition, type FilterScalar as Scalar, type StorageKind,
} from '@outpost/meta'
import { isNumeric } from './columns.ts'
import type { SqlFragment, SqlValue } from './sql-text.ts'

/** An SQL expression for one field of a document or child row. */
export interface ValueSql {
  readonly sql: string
  readonly params: readonly SqlValue[]
  readonly kind: StorageKind
  /** Numbers never are: their columns are NOT NULL DEFAULT 0. */
  readonly nullable: boolean
}

/**
 * `x <test>`, or `(x IS NULL OR x <test>)` when NULL's fallback passes the test. This is
 * ifnull(x, fallback) <test> without coalesce(), which would hide the column from its index
 * and drop its NOCASE collation.
 */
function guarded(x: ValueSql, test: string, params: readonly SqlValue[], fallbackPasses: boolean): SqlFragment {
  if (!x.nullable || !fallbackPasses) return { sql: `${x.sql} ${test}`, params: [...x.params, ...params] }
  return { sql: `(${x.sql} IS NULL OR ${x.sql} ${test})`, params: [...x.params, ...x.params, ...params] }
}

const FALSE: SqlFragment = { sql: '0', params: [] }
const TRUE: SqlFragment = { sql: '1', params: [] }

function inList(x: ValueSql, c: FilterCondition): SqlFragment {
  const values = listOf(x.kind, c.value)
  const negate = c.op === 'not in'
  if (values.length === 0) {
    // Frappe turns an empty list into (''): `in` matches empty values, `not in` the rest.
    if (isNumeric(x.kind)) return negate ? TRUE : FALSE
    const emptyFallback = nullFallback(x.kind) === ''
    return negate ? guarded(x, "!= ''", [], !emptyFallback) : guarded(x, "= ''", [], emptyFallback)
  }
  const fb = nullFallback(x.kind)
  const fallbackIn = values.some((v) => compareScalars(fb, v) === 0)
  const list = `(${values.map(() => '?').join(', ')})`
  return guarded(x, `${negate ? 'NOT IN' : 'IN'} ${list}`, values, negate ? !fallbackIn : fallbackIn)
}

function isSet(x: ValueSql, c: FilterCondition): SqlFragment {
  const v = String(c.value ?? '').toLowerCase()
  if (v !== 'set' && v !== 'not set') throw new FrappeError('DataError', '"is" needs "set" or "not set"')
  const want = v === 'set'
  // numbers: non-zero is set (Frappe on MariaDB); others: Frappe's ifnull(col, '') != '', so NULL is never set
  if (isNumeric(x.kind)) return guarded(x, want ? '!= 0' : '= 0', [], false)
  return guarded(x, want ? "!= ''" : "= ''", [], !want)
}

function between(x: ValueSql, c: FilterCondition): SqlFragment {
  const [from, to] = betweenBounds(x.kind, c.value)
  const fb = nullFallback(x.kind)
  return guarded(x, 'BETWEEN ? AND ?', [from, to], compareScalars(fb, from) >= 0 && compareScalars(fb, to) <= 0)
}

function like(x: ValueSql, c: FilterCondition): SqlFragment {
  const pattern = String(scalar('text', c.value))
  const negate = c.op === 'not like'
  const test = `${negate ? 'NOT LIKE' : 'LIKE'} ?`
  // SQLite would print a REAL 99 as '99.0'; outpost_text() prints numbers as JavaScript does.
  if (isNumeric(x.kind)) return { sql: `outpost_text(${x.sql}) ${test}`, params: [...x.params, pattern] }
  const hit = likeMatches(pattern, String(nullFallback(x.kind)))
  return guarded(x, test, [pattern], negate ? !hit : hit)
}

const COMPARE = new Map<string, (order: number) => boolean>([
  ['=', (o) => o === 0], ['!=', (o) => o !== 0], ['<', (o) => o < 0], ['>', (o) => o > 0], ['<=', (o) => o <= 0], ['>=', (o) => o >= 0],
])

function compare(x: ValueSql, c: FilterCondition): SqlFragment {
  const holds = COMPARE.get(c.op)
  if (!holds) throw new FrappeError('DataError', `Operator ${c.op} is not supported on local data`)
  const value: Scalar = scalar(x.kind, c.value)
  // the operator is interpolated only after the whitelist lookup above
  return guarded(x, `${c.op} ?`, [value], holds(compareScalars(nullFallback(x.kind), value)))
}

/** One condition on one value, with meta's matchesFilters semantics. */
export function conditionSql(x: ValueSql, c: FilterCondition): SqlFragment {
  switch (c.op) {
    case 'in': case 'not in': return inList(x, c)
    case 'is': return isSet(x, c)
    case 'between': return between(x, c)
    case 'like': case 'not like': return like(x, c)
    default: return compare(x, c)
  }
}
