import { FrappeError, hasValue, isKnownFieldType, isTableField, scrubName, STANDARD_FIELDS, CHILD_FIELDS, type Doc, type DocType } from '@outpost/meta'
import type { RequestContext, Site } from '../context.ts'
import type { SqlTx } from '../db/sql-db.ts'
import type { HookName } from '../controllers/controller.ts'
import { columnsOf } from '../storage/columns.ts'
import { columnDdl, indexName, isIndexedField } from '../storage/ddl.ts'
import { quoteIdent, tableName } from '../storage/identifiers.ts'
import { withCustomFields } from './custom-field.ts'

/** Each site's DocTypes as loaded, before Custom Fields: what a field list is rebuilt from. */
const baseDocTypes = new WeakMap<Site, Map<string, DocType>>()

function baseOf(site: Site, name: string): DocType | undefined {
  let bases = baseDocTypes.get(site)
  if (!bases) baseDocTypes.set(site, (bases = new Map()))
  if (!bases.has(name)) {
    const current = site.schema.get(name)
    if (!current) return undefined
    bases.set(name, current)
  }
  return bases.get(name)
}

const RESERVED = new Set<string>([...STANDARD_FIELDS, ...CHILD_FIELDS, 'doctype', 'doc'])

/** Frappe's set_fieldname: a fieldname from the label when none is given, before naming. */
function setFieldname(_ctx: RequestContext, doc: Doc): void {
  if (!doc['fieldname']) doc['fieldname'] = scrubName(String(doc['label'] ?? '')).replace(/[^a-z0-9_]/g, '')
}

function validate(ctx: RequestContext, doc: Doc, previous: Doc | undefined): void {
  const dt = String(doc['dt'] ?? '')
  const target = ctx.site.schema.get(dt)
  if (!target) throw new FrappeError('ValidationError', `DocType ${dt} not found`)
  if (target.name === 'Custom Field') throw new FrappeError('ValidationError', 'Custom Field cannot have custom fields')
  const fieldname = String(doc['fieldname'] ?? '')
  if (!/^[a-z_][a-z0-9_]*$/.test(fieldname) || fieldname.length > 64) throw new FrappeError('ValidationError', `Fieldname ${fieldname || '(empty)'} is not valid: use lower case letters, digits and underscores`)
  if (RESERVED.has(fieldname)) throw new FrappeError('ValidationError', `Fieldname ${fieldname} is a standard field of every document`)
  if (previous && (previous['dt'] !== doc['dt'] || previous['fieldname'] !== fieldname)) throw new FrappeError('ValidationError', 'The DocType and fieldname of a Custom Field cannot change')
  const ownField = baseOf(ctx.site, target.name)?.fields.some((f) => f.fieldname === fieldname)
  if (!previous && (ownField || target.fields.some((f) => f.fieldname === fieldname))) throw new FrappeError('ValidationError', `A field with the name ${fieldname} already exists in ${target.name}`)
  const fieldtype = String(doc['fieldtype'] ?? '')
  if (!isKnownFieldType(fieldtype)) throw new FrappeError('ValidationError', `Field Type ${fieldtype} is not valid`)
  if ((fieldtype === 'Link' || isTableField(fieldtype)) && !ctx.site.schema.get(String(doc['options'] ?? ''))) throw new FrappeError('ValidationError', `Options for ${fieldtype} field ${fieldname} must name a DocType`)
}

/** The DocType rebuilt from its base and every Custom Field row now in the transaction. */
async function rebuild(site: Site, tx: SqlTx, dt: string): Promise<DocType | undefined> {
  const base = baseOf(site, dt)
  if (!base) return undefined
  const rows = await tx.all(`SELECT * FROM ${tableName('Custom Field')} WHERE "dt" = ?`, [dt])
  return withCustomFields(base, rows)
}

/** A value field gets its column in this transaction; the new meta is used once it commits. */
async function apply(ctx: RequestContext, doc: Doc): Promise<void> {
  const dt = String(doc['dt'])
  const next = await rebuild(ctx.site, ctx.tx, dt)
  if (!next) return
  if (hasValue(String(doc['fieldtype'])) && !next.issingle) {
    const have = new Set((await ctx.tx.all<{ name: string }>('SELECT name FROM pragma_table_info(?)', [`tab${dt}`])).map((r) => r.name))
    for (const c of columnsOf(next)) if (!have.has(c.name)) await ctx.tx.run(`ALTER TABLE ${tableName(dt)} ADD COLUMN ${columnDdl(c)}`)
    const field = next.field(String(doc['fieldname']))
    if (field && isIndexedField(ctx.site.schema, next, field)) {
      await ctx.tx.run(`CREATE INDEX IF NOT EXISTS ${quoteIdent(indexName(dt, field.fieldname))} ON ${tableName(dt)} (${quoteIdent(field.fieldname)})`)
    }
  }
  ctx.tx.afterCommit(() => ctx.site.schema.add(next))
}

/** A removed Custom Field leaves its column (as Frappe does) and leaves the meta. */
async function remove(ctx: RequestContext, doc: Doc): Promise<void> {
  const dt = String(doc['dt'])
  const rows = await ctx.tx.all(`SELECT * FROM ${tableName('Custom Field')} WHERE "dt" = ? AND "name" <> ?`, [dt, String(doc['name'])])
  const base = baseOf(ctx.site, dt)
  if (base) {
    const next = withCustomFields(base, rows)
    ctx.tx.afterCommit(() => ctx.site.schema.add(next))
  }
}

type SystemHook = (ctx: RequestContext, doc: Doc, previous: Doc | undefined) => void | Promise<void>

/** Hooks the server itself runs for Custom Field, after the site's own controller. */
export const customFieldHooks: Partial<Record<HookName, SystemHook>> = {
  beforeInsert: setFieldname,
  validate,
  onUpdate: apply,
  onTrash: remove,
}

/** At startup: the stored Custom Fields join their DocTypes' meta; answers the DocTypes they changed. */
export async function loadCustomFields(site: Site): Promise<DocType[]> {
  const dts = await site.db.transaction((tx) => tx.all<{ dt: string }>(`SELECT DISTINCT "dt" FROM ${tableName('Custom Field')}`), { readOnly: true })
  const changed: DocType[] = []
  for (const { dt } of dts) {
    const next = await site.db.transaction((tx) => rebuild(site, tx, dt), { readOnly: true })
    if (next) {
      site.schema.add(next)
      changed.push(next)
    }
  }
  return changed
}
