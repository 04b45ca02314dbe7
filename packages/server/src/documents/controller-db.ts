import { parseFilters } from '@outpost/meta'
import { FrappeError, type Doc, type DocType } from '@outpost/meta'
import type { ControllerDb } from '../controllers/controller.ts'
import type { RequestContext } from '../context.ts'
import type { SqlValue } from '../db/sql-db.ts'
import { requireDocType } from '../require-doctype.ts'
import { columnNames } from '../storage/columns.ts'
import { foldNocase, quoteIdent, tableName } from '../storage/identifiers.ts'
import { buildWhere } from '../query/build-where.ts'
import { selectFields } from '../query/select-fields.ts'
import { loadDoc } from './doc-repo.ts'
import { decodePartialRow } from './row-codec.ts'
import { appendChange } from '../sync/change-log.ts'

type GetAllOptions = Parameters<ControllerDb['getAll']>[1]

/** A value as `set_value` writes it: objects as JSON text, undefined as NULL. */
function columnValue(value: unknown): SqlValue {
  if (value === undefined) return null
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : value as string | number | null
}

async function getValue(ctx: RequestContext, d: DocType, name: string, fieldname: string): Promise<unknown> {
  if (!columnNames(d).has(fieldname)) throw new FrappeError('DataError', `Field not permitted in query: ${fieldname}`)
  const row = await ctx.tx.get(`SELECT ${quoteIdent(fieldname)} AS v FROM ${tableName(d.name)} WHERE "name" = ?`, [name])
  return row ? decodePartialRow(d, { [fieldname]: row['v'] ?? null })[fieldname] : undefined
}

/** `frappe.db.set_value`: the columns directly; `modified` of the document and its rows unless told not to. */
async function setValue(ctx: RequestContext, d: DocType, name: string, values: Doc, updateModified: boolean): Promise<void> {
  const cols = columnNames(d)
  const updates: Doc = { ...values }
  if (updateModified) Object.assign(updates, { modified: ctx.now(), modified_by: ctx.user.name })
  const keys = Object.keys(updates)
  for (const k of keys) if (!cols.has(k) || k === 'name') throw new FrappeError('DataError', `Cannot set ${k} on ${d.name}`)
  const params = keys.map((k) => columnValue(updates[k]))
  const { changes } = await ctx.tx.run(`UPDATE ${tableName(d.name)} SET ${keys.map((k) => `${quoteIdent(k)} = ?`).join(', ')} WHERE "name" = ?`, [...params, name])
  if (updateModified) await touchChildRows(ctx, d, name, updates['modified'] as string)
  if (changes > 0) await logValueChange(ctx, d, name)
}

/** A set_value changes a document without saving it: the change log still hears of it (a child row: its parent). */
async function logValueChange(ctx: RequestContext, d: DocType, name: string): Promise<void> {
  if (!d.istable) return appendChange(ctx.tx, { doctype: d.name, name, op: 'update' })
  const row = await ctx.tx.get<{ parent: string | null; parenttype: string | null }>(`SELECT "parent", "parenttype" FROM ${tableName(d.name)} WHERE "name" = ?`, [name])
  if (row?.parent && row.parenttype) await appendChange(ctx.tx, { doctype: row.parenttype, name: row.parent, op: 'update' })
}

/** Child rows carry their parent's `modified`. */
async function touchChildRows(ctx: RequestContext, d: DocType, name: string, modified: string): Promise<void> {
  for (const tf of d.tableFields) {
    const child = ctx.site.schema.get(tf.options)
    if (child) await ctx.tx.run(`UPDATE ${tableName(child.name)} SET "modified" = ? WHERE "parent" = ? AND "parenttype" = ?`, [modified, name, d.name])
  }
}

async function getAll(ctx: RequestContext, d: DocType, options: GetAllOptions): Promise<Doc[]> {
  const fields = selectFields(d, 't', options.fields ?? ['name'])
  const where = buildWhere(ctx.site.schema, d, 't', parseFilters(options.filters ?? {}))
  const limit = options.limit ? ` LIMIT ${Math.max(0, Math.floor(options.limit))}` : ''
  const rows = await ctx.tx.all(`SELECT ${fields.map((f) => `${f.sql} AS "${f.key}"`).join(', ')} FROM ${tableName(d.name)} t WHERE ${where.sql}${limit}`, where.params)
  return rows.map((r) => decodePartialRow(d, r))
}

async function exists(ctx: RequestContext, d: DocType, name: string): Promise<boolean> {
  return (await ctx.tx.get(`SELECT 1 AS x FROM ${tableName(d.name)} WHERE "name" = ?`, [name])) !== undefined
}

/**
 * Database access for controllers, inside the request transaction, without permission checks.
 * Reads go through the transaction's read cache (the same masters are read for every document).
 */
export function controllerDb(ctx: RequestContext): ControllerDb {
  let db = perContext.get(ctx)
  if (!db) perContext.set(ctx, (db = makeControllerDb(ctx)))
  return db
}

/** One per request: hooks run for every document a request saves. */
const perContext = new WeakMap<RequestContext, ControllerDb>()

function makeControllerDb(ctx: RequestContext): ControllerDb {
  const meta = (doctype: string): DocType => requireDocType(ctx.site, doctype)
  const cached = <T>(d: DocType, key: string, load: () => Promise<T>): Promise<T> => (ctx.readCache ? ctx.readCache.read(d.name, key, load) : load())
  return {
    getDoc: (doctype, name) => {
      const d = meta(doctype)
      return cached(d, `doc\u0000${foldNocase(name)}`, () => loadDoc(ctx.tx, ctx.site.schema, d, name))
    },
    getValue: async (doctype, name, fieldname) => {
      const d = meta(doctype)
      return cached(d, `value\u0000${fieldname}\u0000${foldNocase(name)}`, () => getValue(ctx, d, name, fieldname))
    },
    exists: async (doctype, name) => {
      const d = meta(doctype)
      return cached(d, `exists\u0000${foldNocase(name)}`, () => exists(ctx, d, name))
    },
    setValue: async (doctype, name, values, options = {}) => setValue(ctx, meta(doctype), name, values, options.updateModified !== false),
    getAll: async (doctype, options) => {
      const d = meta(doctype)
      return cached(d, `all\u0000${JSON.stringify(options)}`, () => getAll(ctx, d, options))
    },
  }
}
