import { OutpostError, type GetDocListArgs } from '@outpost/core'

/** frappe-ui's `orderBy: 'modified desc'`, or the replica's `{ field, order }`. */
export type OrderBy = string | { readonly field: string; readonly order?: 'asc' | 'desc' }

/** A list's arguments once refs and getters are read. */
export interface ListQuery {
  readonly doctype: string
  readonly fields: readonly string[] | undefined
  readonly filters: unknown
  readonly orFilters: unknown
  readonly orderBy: OrderBy | undefined
  /** Rows per page; 0 means all (Frappe's `limit_page_length`). */
  readonly pageLength: number
}

const ORDER = /^\s*`?([A-Za-z_][\w]*)`?(?:\s+(asc|desc))?\s*$/i

export function parseOrderBy(orderBy: OrderBy | undefined): GetDocListArgs['orderBy'] {
  if (orderBy === undefined || orderBy === '') return undefined
  if (typeof orderBy !== 'string') return orderBy
  const m = ORDER.exec(orderBy)
  if (!m?.[1]) throw new OutpostError('INVALID_ARGUMENT', `orderBy takes one field and an optional asc or desc, not "${orderBy}"`)
  return { field: m[1], order: m[2]?.toLowerCase() === 'desc' ? 'desc' : 'asc' }
}

/**
 * The replica query for the first `pages` pages. Each re-query reads the whole window from the
 * top, so rows inserted or removed above it never leave a gap or a duplicate between pages.
 */
export function docListArgs(q: ListQuery, pages: number): GetDocListArgs {
  if (!Number.isInteger(q.pageLength) || q.pageLength < 0) {
    throw new OutpostError('INVALID_ARGUMENT', `pageLength must be a non-negative integer, not ${String(q.pageLength)}`)
  }
  const orderBy = parseOrderBy(q.orderBy)
  return {
    limit_start: 0,
    limit: q.pageLength === 0 ? 0 : q.pageLength * pages,
    ...(q.fields ? { fields: q.fields } : {}),
    ...(q.filters !== undefined ? { filters: q.filters } : {}),
    ...(q.orFilters !== undefined ? { orFilters: q.orFilters } : {}),
    ...(orderBy ? { orderBy } : {}),
  }
}
