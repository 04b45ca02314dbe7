import type { DocType, Schema } from '@outpost/meta'
import { rowDoc } from './doc-rows.ts'
import { hasDocs } from './disk-reader.ts'
import { indexEntries, indexSignature } from './index-entries.ts'
import { ABOVE_STRINGS, MIN_STRING, type DocRow, type LayoutRow, type Tables } from './layout.ts'

const layoutId = (doctype: string): `ix:${string}` => `ix:${doctype}`

/** DocTypes whose documents were indexed with other fields (or kinds) than meta now declares. */
async function changedDocTypes(tables: Tables, schema: Schema): Promise<DocType[]> {
  const doctypes = schema.all().filter(hasDocs)
  const stored = await tables.layout.bulkGet(doctypes.map((d) => layoutId(d.name)))
  return doctypes.filter((d, i) => {
    const row = stored[i]
    return !(row && 'signature' in row && row.signature === indexSignature(d))
  })
}

/**
 * Bring every DocType's index entries in line with `schema`, in one transaction: a crash
 * leaves the old entries with the old signatures, and the next `open` does it again. A
 * schema that only gained plain fields changes no signature and rewrites nothing.
 */
export async function applySchema(tables: Tables, storeName: string, schema: Schema): Promise<void> {
  const changed = await changedDocTypes(tables, schema)
  if (changed.length === 0) return
  await tables.db.transaction('rw', [tables.docs, tables.layout], async () => {
    for (const d of changed) {
      const range = tables.docs.where(':id').between([d.name, MIN_STRING], [d.name, ABOVE_STRINGS], true, false)
      await range.modify((row: DocRow) => {
        row.ix = indexEntries(d, rowDoc(storeName, row))
      })
    }
    const rows: LayoutRow[] = changed.map((d) => ({ id: layoutId(d.name), signature: indexSignature(d) }))
    await tables.layout.bulkPut(rows)
  })
}
