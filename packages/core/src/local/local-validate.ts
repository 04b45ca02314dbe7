import { isFrappeError, validateDocument, type Doc, type DocType, type ValidateAction, type ValidationResolvers } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { OutpostError } from '../errors.ts'
import type { StoreReader } from '../ports/local-store.ts'
import { checkShards } from '../shards/shard-links.ts'

/** Meta's resolvers over local data: links must exist in the replica, as they must on the server. */
export function localResolvers(ctx: ReplicaContext, tx: StoreReader): ValidationResolvers {
  return {
    async resolveLink(doctype, name) {
      if (!ctx.schema.get(doctype)) return { name, docstatus: 0 }
      const doc = await tx.getDoc(doctype, name)
      return doc ? { name: String(doc['name']), docstatus: Number(doc['docstatus'] ?? 0) } : undefined
    },
    async isDuplicate(doctype, fieldname, value, exceptName) {
      const rows = await tx.queryDocs(doctype, { filters: [{ doctype: undefined, field: fieldname, op: '=', value }], limit: 2 })
      return rows.some((r) => String(r['name']).toLowerCase() !== (exceptName ?? '').toLowerCase())
    },
  }
}

/** A FrappeError from meta becomes a VALIDATION error whose messages a form shows. */
export function asValidationError(doctype: string, e: unknown): unknown {
  if (!isFrappeError(e)) return e
  const messages = e.messages.length > 0 ? e.messages.map((m) => m.message) : [e.message]
  return new OutpostError('VALIDATION', messages.join('\n'), {
    cause: e,
    fields: messages.map((message) => ({ doctype, fieldname: undefined, row: undefined, message })),
  })
}

export async function validateLocally(ctx: ReplicaContext, tx: StoreReader, doctype: DocType, doc: Doc, action: ValidateAction, previous?: Doc): Promise<Doc> {
  let valid: Doc
  try {
    valid = await validateDocument(ctx.schema, doctype, doc, localResolvers(ctx, tx), previous ? { action, previous } : { action })
  } catch (e) {
    throw asValidationError(doctype.name, e)
  }
  if (ctx.shards) await checkShards(ctx, tx, doctype, valid)
  return valid
}
