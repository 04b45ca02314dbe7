import { FrappeError } from '@outpost/meta'
import type { DocQuery } from '@outpost/core'

/** `offset` / `limit` checked as the SQLite store checks them. */
export function pageOf(query: DocQuery): { start: number; end: number | undefined } {
  const count = (n: number | undefined, what: string): number | undefined => {
    if (n === undefined) return undefined
    if (!Number.isInteger(n) || n < 0) throw new FrappeError('DataError', `${what} must be a non-negative integer`)
    return n
  }
  const start = count(query.offset, 'offset') ?? 0
  const limit = count(query.limit, 'limit')
  return { start, end: limit === undefined ? undefined : start + limit }
}
