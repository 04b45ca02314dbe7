import type { Doc, DocType, Schema } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import type { SqlTx, SqlValue } from '../db/sql-db.ts'
import { sparseDecoder } from '../documents/row-codec.ts'
import { matchConditions } from '../permissions/match-conditions.ts'
import { foldNocase, tableName } from '../storage/identifiers.ts'

/**
 * Whole documents as a pull sends them, read in batches: the rows `get_list` would show
 * this user (role permissions with if_owner, User Permissions), child tables inline, NULL
 * fields left out (as v1 answers leave them out). Rows are read as arrays: a DocType's table has
 * dozens of columns (ERPNext's Sales Invoice over two hundred), many NULL, and an object per row
 * cost a boot more than the rest of the server's work.
 */
const marks = (n: number): string => Array.from({ length: n }, () => '?').join(', ')

/** Child rows of many parents at once, attached in idx order (as loadDoc attaches them). */
async function attachChildren(tx: SqlTx, schema: Schema, doctype: DocType, docs: readonly Doc[]): Promise<void> {
  if (docs.length === 0) return
  const byName = new Map(docs.map((d) => [foldNocase(String(d['name'])), d]))
  const names = docs.map((d) => String(d['name']))
  for (const tf of doctype.tableFields) {
    const child = schema.get(tf.options)
    if (!child) continue
    for (const d of docs) d[tf.fieldname] = []
    const read = await tx.values(
      `SELECT * FROM ${tableName(child.name)} WHERE "parenttype" = ? AND "parentfield" = ? AND "parent" IN (${marks(names.length)}) ORDER BY "parent", "idx"`,
      [doctype.name, tf.fieldname, ...names])
    const decode = sparseDecoder(child, read.columns)
    for (const r of read.rows) {
      const row = decode(r)
      row['doctype'] = child.name
      const parent = byName.get(foldNocase(String(row['parent'])))
      if (parent) (parent[tf.fieldname] as Doc[]).push(row)
    }
  }
}

async function selectVisible(ctx: RequestContext, doctype: DocType, where: string, params: readonly SqlValue[], tail: string): Promise<Doc[]> {
  const match = matchConditions(doctype, 't', ctx.user)
  const read = await ctx.tx.values(`SELECT t.* FROM ${tableName(doctype.name)} t WHERE ${where} AND ${match.sql}${tail}`, [...params, ...match.params])
  const decode = sparseDecoder(doctype, read.columns)
  const docs = read.rows.map((r): Doc => {
    const doc = decode(r)
    doc['doctype'] = doctype.name
    return doc
  })
  await attachChildren(ctx.tx, ctx.site.schema, doctype, docs)
  return docs
}

/** The next `limit` readable documents after `after` in name order (a snapshot page). */
export function visibleDocsAfter(ctx: RequestContext, doctype: DocType, after: string | null, limit: number): Promise<Doc[]> {
  return after === null
    ? selectVisible(ctx, doctype, '1 = 1', [], ` ORDER BY t."name" LIMIT ${limit}`)
    : selectVisible(ctx, doctype, 't."name" > ?', [after], ` ORDER BY t."name" LIMIT ${limit}`)
}

/** Those of `names` that exist and that the user may read, keyed by lower-cased name. */
export async function visibleDocsNamed(ctx: RequestContext, doctype: DocType, names: readonly string[]): Promise<Map<string, Doc>> {
  const out = new Map<string, Doc>()
  for (let i = 0; i < names.length; i += 500) {
    const part = names.slice(i, i + 500)
    for (const d of await selectVisible(ctx, doctype, `t."name" IN (${marks(part.length)})`, part, '')) out.set(foldNocase(String(d['name'])), d)
  }
  return out
}

/** How many documents of `doctype` the user may read (a progress estimate). */
export async function countVisible(ctx: RequestContext, doctype: DocType): Promise<number> {
  const match = matchConditions(doctype, 't', ctx.user)
  const row = await ctx.tx.get<{ n: number }>(`SELECT count(*) AS "n" FROM ${tableName(doctype.name)} t WHERE ${match.sql}`, match.params)
  return Number(row?.n ?? 0)
}

/** Those of `names` that exist and that the user may read, lower-cased. */
export async function visibleNames(ctx: RequestContext, doctype: DocType, names: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>()
  const match = matchConditions(doctype, 't', ctx.user)
  for (let i = 0; i < names.length; i += 500) {
    const part = names.slice(i, i + 500)
    const rows = await ctx.tx.all<{ name: string }>(
      `SELECT t."name" AS "name" FROM ${tableName(doctype.name)} t WHERE t."name" IN (${marks(part.length)}) AND ${match.sql}`, [...part, ...match.params])
    for (const r of rows) out.add(foldNocase(String(r.name)))
  }
  return out
}
