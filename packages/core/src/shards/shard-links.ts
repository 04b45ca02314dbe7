import type { Doc, DocType } from '@outpost/meta'
import type { ReplicaContext } from '../context.ts'
import { OutpostError, type FieldError } from '../errors.ts'
import type { StoreReader } from '../ports/local-store.ts'
import { isUnroutable, type ShardRouter } from './shard-router.ts'

interface LinkValue {
  readonly field: string
  readonly row: number | undefined
  readonly target: string
  readonly value: string
}

/** Every Link and Dynamic Link value of `doc` and its child rows. */
function linkValues(ctx: ReplicaContext, doctype: DocType, doc: Doc): LinkValue[] {
  const out: LinkValue[] = []
  const collect = (part: DocType, row: Doc, index: number | undefined): void => {
    for (const f of part.linkFields) {
      const value = row[f.fieldname]
      const target = f.fieldtype === 'Link' ? f.options : row[f.options]
      if (typeof value === 'string' && value !== '' && typeof target === 'string' && target !== '') out.push({ field: f.fieldname, row: index, target, value })
    }
  }
  collect(doctype, doc, undefined)
  for (const table of doctype.tableFields) {
    const child = ctx.schema.get(table.options)
    const rows = doc[table.fieldname]
    if (!child || !Array.isArray(rows)) continue
    rows.forEach((r: unknown, i) => r && typeof r === 'object' && collect(child, r as Doc, i + 1))
  }
  return out
}

async function misplaced(ctx: ReplicaContext, tx: StoreReader, router: ShardRouter, doctype: string, shards: readonly string[], link: LinkValue): Promise<FieldError | undefined> {
  const meta = ctx.schema.get(link.target)
  if (!meta || meta.istable || meta.issingle) return undefined
  const target = await tx.getDoc(link.target, link.value)
  if (!target) return undefined
  const targetShards = router.shardsOf(link.target, target)
  if (isUnroutable(targetShards)) return undefined
  const missing = shards.filter((s) => !targetShards.includes(s))
  if (missing.length === 0) return undefined
  const message = `${link.target} ${link.value} is on shard ${targetShards.join(', ')}, but this ${doctype} goes to ${missing.join(', ')}, where it does not exist`
  return { doctype: doctype, fieldname: link.field, row: link.row, message }
}

/**
 * A save on a sharded replica: the document must route to known shards, and what it links to
 * must live on every shard it goes to (the server there would refuse the link otherwise).
 */
export async function checkShards(ctx: ReplicaContext, tx: StoreReader, doctype: DocType, doc: Doc): Promise<void> {
  const router = ctx.shards
  if (!router || doctype.istable) return
  const shards = router.require(doctype.name, doc)
  const errors: FieldError[] = []
  for (const link of linkValues(ctx, doctype, doc)) {
    const error = await misplaced(ctx, tx, router, doctype.name, shards, link)
    if (error) errors.push(error)
  }
  if (errors.length > 0) throw new OutpostError('VALIDATION', errors.map((e) => e.message).join('\n'), { fields: errors })
}
