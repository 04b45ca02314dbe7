import type { ValidationResolvers } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { quoteIdent, tableName } from '../storage/identifiers.ts'
import { findDoc } from './doc-repo.ts'

const byContext = new WeakMap<RequestContext, ValidationResolvers>()

/** The database lookups meta's validation needs: link targets and unique values (one set per request). */
export function validationResolvers(ctx: RequestContext): ValidationResolvers {
  let resolvers = byContext.get(ctx)
  if (!resolvers) byContext.set(ctx, (resolvers = makeResolvers(ctx)))
  return resolvers
}

function makeResolvers(ctx: RequestContext): ValidationResolvers {
  const schema = ctx.site.schema
  return {
    knownLink(doctype, name) {
      const d = schema.get(doctype)
      if (!d) return null
      if (d.issingle) return { name: d.name, docstatus: 0 }
      return ctx.readCache?.knownLink(d.name, name)
    },
    async resolveLink(doctype, name) {
      const d = schema.get(doctype)
      if (!d || d.issingle) return d ? { name: d.name, docstatus: 0 } : undefined
      const load = (): ReturnType<typeof findDoc> => findDoc(ctx.tx, d, name)
      return ctx.readCache ? ctx.readCache.link(d.name, name, load) : load()
    },
    async isDuplicate(doctype, fieldname, value, exceptName) {
      const d = schema.get(doctype)
      if (!d || value === null || value === undefined || value === '') return false
      const row = await ctx.tx.get(
        `SELECT 1 AS x FROM ${tableName(d.name)} WHERE ${quoteIdent(fieldname)} = ? AND "name" != ? LIMIT 1`,
        [typeof value === 'number' ? value : String(value), exceptName ?? ''],
      )
      return row !== undefined
    },
  }
}
