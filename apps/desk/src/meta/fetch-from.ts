import type { Doc, DocType } from '@outpost/meta'

/** Reads a linked document from local data (the replica's `getDoc`); `undefined` when absent. */
export type LinkedReader = (doctype: string, name: string) => Promise<Doc | undefined>

/**
 * Frappe's `fetch_from` (`customer.customer_name`): when a Link changes, the fields that fetch
 * through it take the linked document's values, read locally so it works offline.
 * `fetch_if_empty` fields keep a value the user already typed. Returns the fetched values only.
 */
export async function fetchedValues(meta: DocType, before: Doc, after: Doc, read: LinkedReader): Promise<Doc> {
  const out: Doc = {}
  const changed = meta.fields.filter((f) => f.fieldtype === 'Link' && after[f.fieldname] !== before[f.fieldname])
  for (const link of changed) {
    const value = after[link.fieldname]
    const linked = typeof value === 'string' && value !== '' ? await read(link.options, value) : undefined
    for (const f of meta.fields) {
      const [source, fieldname] = f.fetchFrom?.split('.') ?? []
      if (source !== link.fieldname || fieldname === undefined) continue
      const current = after[f.fieldname]
      if (f.fetchIfEmpty && current !== undefined && current !== null && current !== '') continue
      out[f.fieldname] = linked ? (linked[fieldname] ?? null) : null
    }
  }
  return out
}
