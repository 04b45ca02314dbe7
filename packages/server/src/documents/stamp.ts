import { childTables, type Doc, type DocType, type Schema } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { hashName } from './naming-service.ts'

/** Row names this request drew (hashes): a colliding one may be drawn again; a client's may not. */
const drawn = new WeakMap<RequestContext, Set<string>>()

function drawRowName(ctx: RequestContext): string {
  const name = hashName(ctx)
  let names = drawn.get(ctx)
  if (!names) drawn.set(ctx, (names = new Set()))
  names.add(name)
  return name
}

/** The renamer for `insertDoc` / `updateDoc`: a new hash for a drawn row name, none otherwise. */
export function redrawRowName(ctx: RequestContext): (row: Doc) => string | undefined {
  return (row) => (drawn.get(ctx)?.has(String(row['name'])) ? drawRowName(ctx) : undefined)
}

/** The rows a table held when it was stored, by name. */
function storedRows(previous: Doc | undefined, fieldname: string): Map<string, Doc> {
  return new Map(((previous?.[fieldname] as Doc[] | undefined) ?? []).map((r) => [String(r['name']), r]))
}

/**
 * Give every child row its parent link, index, docstatus and timestamps, and a hash name
 * when it has none (Frappe's set_new_name for rows). Rows keep their creation and owner.
 */
export function stampChildren(ctx: RequestContext, schema: Schema, doctype: DocType, doc: Doc, previous: Doc | undefined): void {
  for (const { tableField, childType, rows } of childTables(schema, doctype, doc)) {
    const before = storedRows(previous, tableField.fieldname)
    const used = new Set<string>()
    for (const [i, row] of (rows as Doc[]).entries()) {
      let rowName = typeof row['name'] === 'string' && row['name'] !== '' ? row['name'] : undefined
      if (rowName === undefined || used.has(rowName)) rowName = drawRowName(ctx)
      used.add(rowName)
      const old = before.get(rowName)
      Object.assign(row, {
        name: rowName,
        parent: doc['name'],
        parentfield: tableField.fieldname,
        parenttype: doctype.name,
        idx: i + 1,
        docstatus: doc['docstatus'],
        owner: old?.['owner'] ?? doc['owner'],
        creation: old?.['creation'] ?? doc['modified'],
        modified: doc['modified'],
        modified_by: doc['modified_by'],
        doctype: childType.name,
      })
    }
  }
}
