import type { Doc } from '@outpost/meta'

/** `as_dict(no_nulls=True)`: v1 single-document responses omit null fields, child rows too. */
export function withoutNulls(doc: Doc): Doc {
  const out: Doc = {}
  // for…in over own keys: Object.entries' order without an array per key (documents are large)
  for (const k in doc) {
    if (!Object.hasOwn(doc, k)) continue
    const v = doc[k]
    if (v === null || v === undefined) continue
    out[k] = Array.isArray(v) ? v.map((row) => (typeof row === 'object' && row !== null && !Array.isArray(row) ? withoutNulls(row as Doc) : row)) : v
  }
  return out
}
