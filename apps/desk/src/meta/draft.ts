import { applyDefaults, CHILD_FIELDS, STANDARD_FIELDS, type Doc, type DocType, type Schema } from '@outpost/meta'

const pad = (n: number): string => String(n).padStart(2, '0')

/** `nowdate()` and `now_datetime()` in the browser's time zone. */
export function clock(at: Date = new Date()): { today: string; now: string } {
  const today = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
  return { today, now: `${today} ${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}` }
}

/** A new form's document: Frappe's defaults (`Today`, first Select option, Check 0, …). */
export function newDraft(schema: Schema, doctype: DocType, user: string, values: Doc = {}): Doc {
  return applyDefaults(schema, doctype, { ...values, doctype: doctype.name, docstatus: 0 }, { ...clock(), user })
}

/** A new child row with its table's defaults. */
export function newRow(schema: Schema, child: DocType, user: string, idx: number): Doc {
  const { owner: _owner, docstatus: _docstatus, idx: _idx, ...row } = applyDefaults(schema, child, {}, { ...clock(), user })
  return { ...row, idx }
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/** Kept by the replica and the server: never part of a patch. */
const SERVER_KEPT = new Set<string>([...STANDARD_FIELDS, 'doctype', 'outpost_id'])

/** The fields of `draft` that differ from the saved document: the patch a save sends. */
export function changedFields(draft: Doc, saved: Doc): Doc {
  const patch: Doc = {}
  for (const [key, value] of Object.entries(draft)) if (!SERVER_KEPT.has(key) && !same(value, saved[key])) patch[key] = value
  return patch
}

const SYSTEM = new Set<string>([...STANDARD_FIELDS, ...CHILD_FIELDS, 'doctype', 'outpost_id', 'amended_from', 'status'])

/**
 * Frappe's "Amend": a new draft copied from a cancelled document, without its name, system
 * fields and `no_copy` fields, pointing back with `amended_from`.
 */
export function amendDraft(schema: Schema, doctype: DocType, cancelled: Doc): Doc {
  const copy = (meta: DocType, doc: Doc): Doc => {
    const out: Doc = {}
    for (const [key, value] of Object.entries(doc)) {
      if (SYSTEM.has(key) || meta.field(key)?.noCopy) continue
      const table = meta.field(key)
      const child = table?.storage === 'table' ? schema.get(table.options) : undefined
      out[key] = child && Array.isArray(value) ? (value as Doc[]).map((row, i) => ({ ...copy(child, row), idx: i + 1 })) : value
    }
    return out
  }
  return { ...copy(doctype, cancelled), doctype: doctype.name, docstatus: 0, amended_from: cancelled['name'] }
}
