import type { Doc } from '@outpost/meta'

/** `as_dict(no_nulls=True)`: v1 single-document responses omit null fields, child rows too. */
export function withoutNulls(doc: Doc): Doc {
  const out: Doc = {}
  for (const [k, v] of Object.entries(doc)) {
    if (v === null || v === undefined) continue
    out[k] = Array.isArray(v) ? v.map((row) => (typeof row === 'object' && row !== null && !Array.isArray(row) ? withoutNulls(row as Doc) : row)) : v
  }
  return out
}
