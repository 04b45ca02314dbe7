import type { Doc, DocType, Schema } from '@outpost/meta'
import { isTempName, tempName } from '../ids.ts'

/** Give new child rows a local name, and every row its parent link and position. */
export function stampRows(schema: Schema, doctype: DocType, doc: Doc, uuid: () => string): void {
  for (const tf of doctype.tableFields) {
    const rows = doc[tf.fieldname]
    if (!Array.isArray(rows)) continue
    doc[tf.fieldname] = (rows as Doc[]).map((row, i) => ({
      ...row,
      name: typeof row['name'] === 'string' && row['name'] !== '' ? row['name'] : tempName('row', uuid()),
      parent: doc['name'],
      parentfield: tf.fieldname,
      parenttype: doctype.name,
      idx: i + 1,
      docstatus: doc['docstatus'],
      doctype: schema.get(tf.options)?.name ?? tf.options,
    }))
  }
}

/** Rows named locally are new to the server: it names them, so their local names are not sent. */
export function withoutLocalRowNames(doctype: DocType, doc: Doc): Doc {
  const out: Doc = { ...doc }
  for (const tf of doctype.tableFields) {
    const rows = out[tf.fieldname]
    if (!Array.isArray(rows)) continue
    out[tf.fieldname] = (rows as Doc[]).map((row) => {
      if (!isTempName(row['name'])) return row
      const copy = { ...row }
      delete copy['name']
      return copy
    })
  }
  return out
}
