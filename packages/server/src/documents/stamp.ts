import type { Doc, DocType, Schema } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { hashName } from './naming-service.ts'

/**
 * Give every child row its parent link, index, docstatus and timestamps, and a hash name
 * when it has none (Frappe's set_new_name for rows). Rows keep their creation and owner.
 */
export function stampChildren(ctx: RequestContext, schema: Schema, doctype: DocType, doc: Doc, previous: Doc | undefined): void {
  for (const tf of doctype.tableFields) {
    const child = schema.get(tf.options)
    const rows = doc[tf.fieldname]
    if (!child || !Array.isArray(rows)) continue
    const before = new Map(((previous?.[tf.fieldname] as Doc[] | undefined) ?? []).map((r) => [String(r['name']), r]))
    const used = new Set<string>()
    rows.forEach((row: Doc, i) => {
      let rowName = typeof row['name'] === 'string' && row['name'] !== '' ? row['name'] : undefined
      if (rowName === undefined || used.has(rowName)) rowName = hashName(ctx)
      used.add(rowName)
      const old = before.get(rowName)
      Object.assign(row, {
        name: rowName,
        parent: doc['name'],
        parentfield: tf.fieldname,
        parenttype: doctype.name,
        idx: i + 1,
        docstatus: doc['docstatus'],
        owner: old?.['owner'] ?? doc['owner'],
        creation: old?.['creation'] ?? doc['modified'],
        modified: doc['modified'],
        modified_by: doc['modified_by'],
        doctype: child.name,
      })
    })
  }
}
