import { coerceFieldValue, type Doc, type DocField, type DocType, type Schema } from '@outpost/meta'
import { convertValue } from './convert-value.ts'
import type { AddedMode, AddedValues } from './added-values.ts'
import type { FieldChanges } from './field-changes.ts'

/** A child row, as a loss names it. */
export interface RowRef {
  /** The table field on the parent. */
  readonly table: string
  readonly idx: number
  readonly name: string | undefined
}

/** A value a meta change could not carry over. */
export interface FieldLoss {
  /** The DocType the value belonged to (the child DocType for a row's value). */
  readonly doctype: string
  readonly field: string
  readonly label: string
  readonly row: RowRef | undefined
  readonly value: unknown
  readonly reason: 'removed' | 'unconvertible'
  /** For the user: what happened, in a sentence. */
  readonly detail: string
}

/** Everything a migration needs to reshape records: the field changes and the new schema. */
export interface ReshapePlan {
  readonly changes: ReadonlyMap<string, FieldChanges>
  readonly schema: Schema
  readonly added: AddedValues
}

export interface Reshaped {
  readonly doc: Doc
  readonly losses: readonly FieldLoss[]
  readonly changed: boolean
}

const hasValue = (v: unknown): boolean => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)

function loss(doctype: string, field: DocField, row: RowRef | undefined, value: unknown, reason: FieldLoss['reason'], why: string): FieldLoss {
  const where = row ? ` (${row.table} row ${String(row.idx)})` : ''
  const detail = reason === 'removed'
    ? `${doctype} no longer has the field ${field.label} (${field.fieldname})${where}`
    : `${field.label} (${field.fieldname})${where} is now ${why}`
  return { doctype, field: field.fieldname, label: field.label, row, value, reason, detail }
}

/** The new type's empty value, for a value that could not be converted. */
function emptyOf(field: DocField): unknown {
  if (field.storage === 'table') return []
  try {
    return coerceFieldValue(field, null)
  } catch {
    return null
  }
}

/** One record (a document, or a child row) of a DocType whose fields changed. */
function reshapeRecord(changes: FieldChanges, meta: DocType, rec: Doc, mode: AddedMode, plan: ReshapePlan, row: RowRef | undefined): Reshaped {
  const out: Doc = { ...rec }
  const losses: FieldLoss[] = []
  let changed = false
  for (const f of changes.removed) {
    if (!(f.fieldname in out)) continue
    if (hasValue(out[f.fieldname])) losses.push(loss(changes.doctype, f, row, out[f.fieldname], 'removed', ''))
    delete out[f.fieldname]
    changed = true
  }
  const convert = (from: DocField, to: DocField, value: unknown): void => {
    const c = convertValue(from, to, value)
    out[to.fieldname] = c.ok ? c.value : emptyOf(to)
    if (!c.ok) losses.push(loss(changes.doctype, to, row, value, 'unconvertible', `${to.fieldtype}: ${c.reason}`))
  }
  for (const { from, to } of changes.renamed) {
    if (!(from.fieldname in out)) continue
    const value = out[from.fieldname]
    delete out[from.fieldname]
    convert(from, to, value)
    changed = true
  }
  for (const { from, to } of changes.retyped) {
    if (out[to.fieldname] === undefined) continue
    const before = JSON.stringify(out[to.fieldname])
    convert(from, to, out[to.fieldname])
    changed ||= JSON.stringify(out[to.fieldname]) !== before
  }
  for (const f of changes.added) {
    if (out[f.fieldname] !== undefined && out[f.fieldname] !== null) continue
    const value = plan.added.value(meta, f, mode)
    if (value === undefined) continue
    out[f.fieldname] = value
    changed = true
  }
  return { doc: out, losses, changed }
}

/** The child rows of `doc` whose child DocType changed, each reshaped. */
function reshapeRows(meta: DocType, doc: Doc, mode: AddedMode, plan: ReshapePlan): { losses: FieldLoss[]; changed: boolean } {
  const losses: FieldLoss[] = []
  let changed = false
  for (const tf of meta.tableFields) {
    const childChanges = plan.changes.get(tf.options)
    const child = plan.schema.get(tf.options)
    const rows = doc[tf.fieldname]
    if (!childChanges || !child || !Array.isArray(rows)) continue
    doc[tf.fieldname] = rows.map((r: unknown, i) => {
      if (!r || typeof r !== 'object') return r
      const row = r as Doc
      const ref: RowRef = { table: tf.fieldname, idx: typeof row['idx'] === 'number' ? row['idx'] : i + 1, name: typeof row['name'] === 'string' ? row['name'] : undefined }
      const out = reshapeRecord(childChanges, child, row, mode, plan, ref)
      losses.push(...out.losses)
      changed ||= out.changed
      return out.doc
    })
  }
  return { losses, changed }
}

/**
 * A document of parent DocType `doctype` in its new shape: removed fields dropped, declared
 * renames moved, retyped values converted (an unconvertible one becomes the new type's empty
 * value and is named in `losses`), added fields filled by `mode`, child rows likewise.
 */
export function reshapeDoc(plan: ReshapePlan, doctype: string, doc: Doc, mode: AddedMode): Reshaped {
  const meta = plan.schema.get(doctype)
  if (!meta) return { doc, losses: [], changed: false }
  const own = plan.changes.get(doctype)
  const top = own ? reshapeRecord(own, meta, doc, mode, plan, undefined) : { doc: { ...doc }, losses: [], changed: false }
  const rows = reshapeRows(meta, top.doc, mode, plan)
  return { doc: top.doc, losses: [...top.losses, ...rows.losses], changed: top.changed || rows.changed }
}

/** Parent DocTypes whose stored documents a plan touches: their own fields or a child table's changed. */
export function affectedParents(plan: ReshapePlan): string[] {
  return plan.schema.all()
    .filter((d) => !d.istable && !d.issingle)
    .filter((d) => plan.changes.has(d.name) || d.tableFields.some((tf) => plan.changes.has(tf.options)))
    .map((d) => d.name)
}
