import { FrappeError, type Doc, type DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { tableName } from '../storage/identifiers.ts'
import { notFound, requireDoc } from './require-doc.ts'
import { saveDocument, type SaveOptions } from './save-doc.ts'

interface RowPlace {
  readonly parent: DocType
  readonly parentName: string
  readonly parentfield: string
}

function requireParent(ctx: RequestContext, child: DocType, parenttype: unknown, parentfield: unknown): DocType {
  const parent = typeof parenttype === 'string' ? ctx.site.schema.get(parenttype) : undefined
  if (!parent || !parent.tableFields.some((f) => f.fieldname === parentfield && f.options === child.name)) {
    throw new FrappeError('ValidationError', `Parent DocType, parent and parentfield are required to insert ${child.name}`)
  }
  return parent
}

async function placeOf(ctx: RequestContext, child: DocType, rowName: string): Promise<RowPlace> {
  const row = await ctx.tx.get<{ parent: string; parenttype: string; parentfield: string }>(
    `SELECT "parent", "parenttype", "parentfield" FROM ${tableName(child.name)} WHERE "name" = ?`, [rowName])
  if (!row) throw notFound(child.name, rowName)
  return { parent: requireParent(ctx, child, row.parenttype, row.parentfield), parentName: row.parent, parentfield: row.parentfield }
}

async function rowsOf(ctx: RequestContext, place: RowPlace): Promise<Doc[]> {
  const parent = await requireDoc(ctx, place.parent, place.parentName)
  return (parent[place.parentfield] as Doc[] | undefined) ?? []
}

/** A child row is saved through its parent, so the parent's controllers and `modified` follow. */
export async function saveChildRow(ctx: RequestContext, child: DocType, rowName: string, patch: Doc, options: SaveOptions = {}): Promise<{ row: Doc; parent: Doc }> {
  const place = await placeOf(ctx, child, rowName)
  const rows = (await rowsOf(ctx, place)).map((r) => (String(r['name']).toLowerCase() === rowName.toLowerCase() ? { ...r, ...patch, name: r['name'] } : r))
  const parent = await saveDocument(ctx, place.parent, place.parentName, { [place.parentfield]: rows }, options)
  const row = (parent[place.parentfield] as Doc[]).find((r) => String(r['name']).toLowerCase() === rowName.toLowerCase())
  if (!row) throw notFound(child.name, rowName)
  return { row, parent }
}

/** frappe.client.insert of a child row: appended to its parent, which is saved and returned. */
export async function insertChildRow(ctx: RequestContext, child: DocType, input: Doc): Promise<Doc> {
  const parent = requireParent(ctx, child, input['parenttype'], input['parentfield'])
  const parentName = typeof input['parent'] === 'string' ? input['parent'] : ''
  const place = { parent, parentName, parentfield: String(input['parentfield']) }
  const row: Doc = { ...input }
  delete row['name']
  return saveDocument(ctx, parent, parentName, { [place.parentfield]: [...(await rowsOf(ctx, place)), row] })
}

/** frappe.client.delete of a child row: removed from its parent, which is saved. */
export async function deleteChildRow(ctx: RequestContext, child: DocType, rowName: string): Promise<void> {
  const place = await placeOf(ctx, child, rowName)
  const rows = (await rowsOf(ctx, place)).filter((r) => String(r['name']).toLowerCase() !== rowName.toLowerCase())
  await saveDocument(ctx, place.parent, place.parentName, { [place.parentfield]: rows })
}
