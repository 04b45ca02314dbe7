import type { Doc, DocType, Schema } from '@outpost/meta'

/** A field both sides changed to different values: the server's value wins, the local one is kept here. */
export interface FieldConflict {
  readonly field: string
  /** For a child row: the table field and the row's name. */
  readonly table: string | undefined
  readonly row: string | undefined
  readonly base: unknown
  readonly local: unknown
  readonly server: unknown
}

export interface MergeResult {
  readonly merged: Doc
  readonly conflicts: readonly FieldConflict[]
  /** True when the merged document differs from the server's: it must be pushed again. */
  readonly changedFromServer: boolean
}

const SYSTEM = new Set(['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx', 'doctype', 'parent', 'parentfield', 'parenttype', 'outpost_id'])

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

function mergeFields(keys: Iterable<string>, base: Doc, local: Doc, server: Doc, at: { table?: string; row?: string }): { out: Doc; conflicts: FieldConflict[] } {
  const out: Doc = { ...server }
  const conflicts: FieldConflict[] = []
  for (const key of keys) {
    if (SYSTEM.has(key)) continue
    const [b, l, s] = [base[key], local[key], server[key]]
    if (same(l, b) || same(l, s)) continue
    if (same(s, b)) out[key] = l
    else conflicts.push({ field: key, table: at.table, row: at.row, base: b, local: l, server: s })
  }
  return { out, conflicts }
}

function rowsByName(rows: unknown): Map<string, Doc> {
  return new Map((Array.isArray(rows) ? (rows as Doc[]) : []).map((r) => [String(r['name']), r]))
}

/** Rows matched by name: each side's additions and deletions apply; a row both changed merges per field. */
function mergeTable(field: string, base: unknown, local: unknown, server: unknown): { rows: Doc[]; conflicts: FieldConflict[] } {
  const [b, l, s] = [rowsByName(base), rowsByName(local), rowsByName(server)]
  const rows: Doc[] = []
  const conflicts: FieldConflict[] = []
  for (const [name, serverRow] of s) {
    const localRow = l.get(name)
    const baseRow = b.get(name)
    if (!localRow) {
      if (!baseRow || !same(baseRow, serverRow)) rows.push(serverRow) // deleted locally but changed on the server: keep the server's
      continue
    }
    const keys = new Set([...Object.keys(serverRow), ...Object.keys(localRow)])
    const merged = mergeFields(keys, baseRow ?? {}, localRow, serverRow, { table: field, row: name })
    rows.push(merged.out)
    conflicts.push(...merged.conflicts)
  }
  for (const [name, localRow] of l) if (!s.has(name) && !b.has(name)) rows.push(localRow) // added locally
  return { rows: rows.map((r, i) => ({ ...r, idx: i + 1 })), conflicts }
}

/**
 * Three-way merge of a document, per field and per child row (rows matched by name).
 * Disjoint changes combine; where both sides changed a field differently the server wins
 * and the local value is reported as a conflict.
 */
export function threeWayMerge(schema: Schema, doctype: DocType, base: Doc, local: Doc, server: Doc): MergeResult {
  const tables = new Set(doctype.tableFields.map((f) => f.fieldname))
  const scalarKeys = new Set([...Object.keys(server), ...Object.keys(local)].filter((k) => !tables.has(k)))
  const top = mergeFields(scalarKeys, base, local, server, {})
  const merged: Doc = top.out
  const conflicts = [...top.conflicts]
  for (const field of tables) {
    if (!schema.get(doctype.field(field)?.options ?? '')) continue
    if (same(local[field], base[field])) continue
    const t = mergeTable(field, base[field], local[field], server[field])
    merged[field] = t.rows
    conflicts.push(...t.conflicts)
  }
  return { merged, conflicts, changedFromServer: !same(stripSystem(merged), stripSystem(server)) }
}

function stripSystem(doc: Doc): Doc {
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !SYSTEM.has(k)))
}
