import { FrappeError, type Doc } from '@outpost/meta'
import type { ControllerDb } from '../controllers/controller.ts'
import type { RequestContext } from '../context.ts'
import { columnNames } from '../storage/columns.ts'
import { quoteIdent, tableName } from '../storage/identifiers.ts'
import { buildWhere } from '../query/build-where.ts'
import { parseFilters } from '../query/parse-filters.ts'
import { selectFields } from '../query/select-fields.ts'
import { loadDoc } from './doc-repo.ts'
import { decodePartialRow } from './row-codec.ts'

/** Database access for controllers, inside the request transaction, without permission checks. */
export function controllerDb(ctx: RequestContext): ControllerDb {
  const schema = ctx.site.schema
  const meta = (doctype: string) => {
    const d = schema.get(doctype)
    if (!d) throw new FrappeError('DoesNotExistError', `DocType ${doctype} not found`)
    return d
  }
  return {
    getDoc: (doctype, name) => loadDoc(ctx.tx, schema, meta(doctype), name),
    async getValue(doctype, name, fieldname) {
      const d = meta(doctype)
      if (!columnNames(d).has(fieldname)) throw new FrappeError('DataError', `Field not permitted in query: ${fieldname}`)
      const row = await ctx.tx.get(`SELECT ${quoteIdent(fieldname)} AS v FROM ${tableName(d.name)} WHERE "name" = ?`, [name])
      return row ? decodePartialRow(d, { [fieldname]: row['v'] ?? null })[fieldname] : undefined
    },
    async exists(doctype, name) {
      return (await ctx.tx.get(`SELECT 1 AS x FROM ${tableName(meta(doctype).name)} WHERE "name" = ?`, [name])) !== undefined
    },
    async setValue(doctype, name, values: Doc, options = {}) {
      const d = meta(doctype)
      const cols = columnNames(d)
      const updates: Doc = { ...values }
      if (options.updateModified !== false) Object.assign(updates, { modified: ctx.now(), modified_by: ctx.user.name })
      const keys = Object.keys(updates)
      for (const k of keys) if (!cols.has(k) || k === 'name') throw new FrappeError('DataError', `Cannot set ${k} on ${doctype}`)
      const params = keys.map((k) => { const v = updates[k]; return v === undefined ? null : (typeof v === 'object' && v !== null ? JSON.stringify(v) : v as string | number | null) })
      await ctx.tx.run(`UPDATE ${tableName(d.name)} SET ${keys.map((k) => `${quoteIdent(k)} = ?`).join(', ')} WHERE "name" = ?`, [...params, name])
      if (options.updateModified !== false) {
        for (const tf of d.tableFields) {
          const child = schema.get(tf.options)
          if (child) await ctx.tx.run(`UPDATE ${tableName(child.name)} SET "modified" = ? WHERE "parent" = ? AND "parenttype" = ?`, [updates['modified'] as string, name, d.name])
        }
      }
    },
    async getAll(doctype, options) {
      const d = meta(doctype)
      const fields = selectFields(d, 't', options.fields ?? ['name'])
      const where = buildWhere(schema, d, 't', parseFilters(options.filters ?? {}))
      const limit = options.limit ? ` LIMIT ${Math.max(0, Math.floor(options.limit))}` : ''
      const rows = await ctx.tx.all(`SELECT ${fields.map((f) => `${f.sql} AS "${f.key}"`).join(', ')} FROM ${tableName(d.name)} t WHERE ${where.sql}${limit}`, where.params)
      return rows.map((r) => decodePartialRow(d, r))
    },
  }
}
