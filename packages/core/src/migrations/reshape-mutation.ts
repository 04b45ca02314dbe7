import { coerceFieldValue, type Doc, type DocField, type Schema } from '@outpost/meta'
import type { Mutation } from '../outbox/mutation.ts'
import { reshapeDoc, type FieldLoss, type ReshapePlan } from './reshape.ts'

export interface ReshapedMutation {
  readonly mutation: Mutation
  /** Values the user set that the new meta cannot take: the mutation cannot be sent as it was. */
  readonly lost: readonly FieldLoss[]
  readonly changed: boolean
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/** What a new document held in `field` without the user typing anything (create_new.py's template). */
function untouched(field: DocField, value: unknown): boolean {
  if (field.fieldtype === 'Select' && (field.default ?? '') === '' && field.options.split('\n', 1)[0] === value) return true
  try {
    return same(coerceFieldValue(field, field.default ?? null), value)
  } catch {
    return false
  }
}

function rowOf(base: Doc | undefined, table: string, name: string | undefined): Doc | undefined {
  const rows = base?.[table]
  if (!Array.isArray(rows) || name === undefined) return undefined
  return (rows as Doc[]).find((r) => r['name'] === name)
}

/**
 * Whether the user set the lost value: an insert's value other than the field's default; an
 * update's own field (it carries only changed ones); a row value that differs from the server
 * version the change was made on (an update carries whole tables, unchanged rows included).
 */
function setByUser(l: FieldLoss, m: Mutation, old: Schema, base: Doc | undefined): boolean {
  const field = old.get(l.doctype)?.field(l.field)
  if (m.kind === 'insert') return !field || !untouched(field, l.value)
  if (!l.row) return true
  const before = rowOf(base, l.row.table, l.row.name)
  if (before) return !same(before[l.field], l.value)
  return !field || !untouched(field, l.value)
}

/**
 * A queued mutation in the new shape: an insert's document as a new document of the new meta
 * (insert defaults for added fields), an update's fields without added ones. Lost values are
 * dropped from the payload, and those the user set are returned so the mutation goes to the
 * Sync Error Log rather than out without them.
 */
export function reshapeMutation(plan: ReshapePlan, old: Schema, m: Mutation, base: Doc | undefined): ReshapedMutation {
  if (!m.doc || m.kind === 'delete') return { mutation: m, lost: [], changed: false }
  const out = reshapeDoc(plan, m.doctype, m.doc, m.kind === 'insert' ? 'insert' : 'none')
  if (!out.changed) return { mutation: m, lost: [], changed: false }
  const lost = out.losses.filter((l) => setByUser(l, m, old, base))
  return { mutation: { ...m, doc: out.doc }, lost, changed: true }
}
