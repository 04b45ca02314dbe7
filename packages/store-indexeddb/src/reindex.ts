import { foldCase, type DocType, type Schema } from '@outpost/meta'
import { nameOf, rowDoc } from './doc-rows.ts'
import { scanDocs } from './doc-scan.ts'
import { hasDocs } from './disk-reader.ts'
import { indexEntries, indexSignature, sortPair } from './index-entries.ts'
import { ABOVE_STRINGS, MIN_STRING, type DocRow, type IndexEntry, type LayoutRow, type Tables } from './layout.ts'
import { corruptError } from './store-errors.ts'

const layoutId = (doctype: string): `ix:${string}` => `ix:${doctype}`

/** DocTypes whose documents were indexed with other fields (or kinds) than meta now declares. */
async function changedDocTypes(tables: Tables, schema: Schema): Promise<DocType[]> {
  const doctypes = schema.all().filter(hasDocs)
  const stored = await tables.layout.bulkGet(doctypes.map((d) => layoutId(d.name)))
  return doctypes.filter((d, i) => {
    const row = stored[i]
    return !(row && 'signature' in row && row.signature === indexSignature(d, sortPair(d, tables.listOrders)))
  })
}

const docRange = (tables: Tables, doctype: string) => tables.docs.where(':id').between([doctype, MIN_STRING], [doctype, ABOVE_STRINGS], true, false)
const signatureRow = (tables: Tables, d: DocType): LayoutRow => ({ id: layoutId(d.name), signature: indexSignature(d, sortPair(d, tables.listOrders)) })

/**
 * Reindex in an encrypted database, one DocType at a time: its documents are decrypted and
 * their entries computed before its transaction opens (WebCrypto cannot run inside one), then
 * the entries and its signature are written together. `open` holds the store's exclusive
 * lock, so no write lands in between; memory holds one DocType's entries.
 */
async function reindexSealed(tables: Tables, storeName: string, changed: readonly DocType[]): Promise<void> {
  for (const d of changed) {
    const entries = new Map<string, IndexEntry[]>()
    await scanDocs({ tables, storeName }, d.name, (doc) => {
      entries.set(foldCase(nameOf(doc)!), indexEntries(d, doc, sortPair(d, tables.listOrders)))
      return false
    })
    await tables.db.transaction('rw', [tables.docs, tables.layout], async () => {
      await docRange(tables, d.name).modify((row: DocRow) => {
        const ix = entries.get(row.key)
        if (!ix) throw corruptError(storeName, `changed while it was being reindexed (${d.name} ${row.key}); open it again`)
        row.ix = ix
      })
      await tables.layout.put(signatureRow(tables, d))
    })
  }
}

/**
 * Bring every DocType's index entries in line with `schema`, in one transaction: a crash
 * leaves the old entries with the old signatures, and the next `open` does it again. A
 * schema that only gained plain fields changes no signature and rewrites nothing.
 */
export async function applySchema(tables: Tables, storeName: string, schema: Schema): Promise<void> {
  const changed = await changedDocTypes(tables, schema)
  if (changed.length === 0) return
  if (tables.cipher) return reindexSealed(tables, storeName, changed)
  await tables.db.transaction('rw', [tables.docs, tables.layout], async () => {
    for (const d of changed) {
      const pair = sortPair(d, tables.listOrders)
      await docRange(tables, d.name).modify((row: DocRow) => {
        row.ix = indexEntries(d, rowDoc(storeName, row), pair)
      })
    }
    await tables.layout.bulkPut(changed.map((d) => signatureRow(tables, d)))
  })
}
