import { childTables, type Doc, type DocType, type Schema } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { hashName } from './naming-service.ts'

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
      if (rowName === undefined || used.has(rowName)) rowName = hashName(ctx)
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
