import { FrappeError, parseFilters, type Doc } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { OutpostError } from '../errors.ts'
import type { DocQuery } from '../ports/local-store.ts'

/** frappe-js-sdk's `getDocList` arguments. */
export interface GetDocListArgs {
  readonly fields?: readonly string[]
  readonly filters?: unknown
  readonly orFilters?: unknown
  readonly orderBy?: { readonly field: string; readonly order?: 'asc' | 'desc' }
  readonly limit_start?: number
  /** Page length: 20 when absent, as Frappe; 0 means all. */
  readonly limit?: number
}

function invalid(e: unknown): unknown {
  return e instanceof FrappeError ? new OutpostError('INVALID_ARGUMENT', e.message, { cause: e }) : e
}

export function toDocQuery(ctx: ReplicaContext, doctype: string, args: GetDocListArgs): DocQuery {
  try {
    const limit = args.limit ?? 20
    if (!Number.isInteger(limit) || limit < 0) throw new OutpostError('INVALID_ARGUMENT', 'limit must be a non-negative integer')
    const offset = args.limit_start ?? 0
    if (!Number.isInteger(offset) || offset < 0) throw new OutpostError('INVALID_ARGUMENT', 'limit_start must be a non-negative integer')
    const meta = ctx.schema.get(doctype)
    const sortField = args.orderBy?.field ?? meta?.sortField ?? 'modified'
    return {
      filters: parseFilters(args.filters ?? []),
      orFilters: parseFilters(args.orFilters ?? [], 'or_filters'),
      orderBy: [{ field: sortField, order: args.orderBy?.order ?? (args.orderBy ? 'asc' : (meta?.sortOrder === 'ASC' ? 'asc' : 'desc')) }],
      offset,
      ...(limit > 0 ? { limit } : {}),
    }
  } catch (e) {
    throw invalid(e)
  }
}

export function project(doc: Doc, fields: readonly string[] | undefined): Doc {
  const wanted = fields && fields.length > 0 ? fields : ['name']
  if (wanted.includes('*')) return doc
  return Object.fromEntries(wanted.map((f) => [f, doc[f] ?? null]))
}

export async function getDocList(ctx: ReplicaContext, doctype: string, args: GetDocListArgs = {}): Promise<Doc[]> {
  const query = toDocQuery(ctx, doctype, args)
  try {
    const rows = await ctx.store.read((tx) => tx.queryDocs(doctype, query))
    return rows.map((d) => project(d, args.fields))
  } catch (e) {
    throw invalid(e)
  }
}

/** Documents matching `filters` and, when given, any of `orFilters` (a list's search box): counted, not read. */
export async function getCount(ctx: ReplicaContext, doctype: string, filters?: unknown, options: { readonly orFilters?: unknown } = {}): Promise<number> {
  try {
    const parsed = parseFilters(filters ?? [])
    const orFilters = parseFilters(options.orFilters ?? [], 'or_filters')
    return await ctx.store.read((tx) => tx.countDocs(doctype, { filters: parsed, orFilters }))
  } catch (e) {
    throw invalid(e)
  }
}
