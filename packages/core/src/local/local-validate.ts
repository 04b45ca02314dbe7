import { isFrappeError, linkLookups, validateDocument, type Doc, type DocType, type ValidateAction, type ValidationResolvers } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { OutpostError } from '../errors.ts'
import type { StoreReader } from '../ports/local-store.ts'
import { checkShards } from '../shards/shard-links.ts'

type Found = { name: string; docstatus: number } | undefined

/** Resolvers for one store call, whose link targets can be asked for ahead of validation. */
export interface LocalResolvers extends ValidationResolvers {
  /**
   * Ask now for the link targets validating `doc` will need, without waiting: on IndexedDB
   * they then go out beside the write's other reads instead of in a round trip of their own.
   */
  prefetchLinks(doctype: DocType, doc: Doc): void
}

/**
 * Meta's resolvers over local data: links must exist in the replica, as they must on the
 * server. Each target is read once per call (nothing is written before validation ends).
 */
export function localResolvers(ctx: ReplicaContext, tx: StoreReader): LocalResolvers {
  const links = new Map<string, Promise<Found>>()
  const read = async (doctype: string, name: string): Promise<Found> => {
    if (!ctx.schema.get(doctype)) return { name, docstatus: 0 }
    if (tx.linkTarget) return tx.linkTarget(doctype, name)
    const doc = await tx.getDoc(doctype, name)
    return doc ? { name: String(doc['name']), docstatus: Number(doc['docstatus'] ?? 0) } : undefined
  }
  const resolveLink = (doctype: string, name: string): Promise<Found> => {
    const key = `${doctype}\u0000${name}`
    let answer = links.get(key)
    if (!answer) {
      answer = read(doctype, name)
      links.set(key, answer)
    }
    return answer
  }
  return {
    resolveLink,
    prefetchLinks(doctype, doc) {
      // a failed read fails the validation that awaits it; here it is only asked for
      for (const l of linkLookups(ctx.schema, doctype, doc)) resolveLink(l.doctype, l.name).catch(() => undefined)
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

export async function validateLocally(ctx: ReplicaContext, tx: StoreReader, doctype: DocType, doc: Doc, action: ValidateAction, previous?: Doc, resolvers: LocalResolvers = localResolvers(ctx, tx)): Promise<Doc> {
  let valid: Doc
  try {
    valid = await validateDocument(ctx.schema, doctype, doc, resolvers, previous ? { action, previous } : { action })
  } catch (e) {
    throw asValidationError(doctype.name, e)
  }
  if (ctx.shards) await checkShards(ctx, tx, doctype, valid)
  return valid
}
