import type { DocField, DocType, Schema } from '@outpost/meta'

/** Fields renamed on the server, per DocType: `{ 'Customer': { old_fieldname: 'new_fieldname' } }`. */
export type RenamedFields = Readonly<Record<string, Readonly<Record<string, string>>>>

export interface FieldPair {
  readonly from: DocField
  readonly to: DocField
}

/** How one DocType's stored fields changed between two versions of its meta. */
export interface FieldChanges {
  readonly doctype: string
  readonly added: readonly DocField[]
  readonly removed: readonly DocField[]
  /** Same fieldname, another fieldtype (or a table of another child DocType). */
  readonly retyped: readonly FieldPair[]
  /** Declared renames (`renamedFields`): the old field's values move to the new one. */
  readonly renamed: readonly FieldPair[]
}

const stored = (d: DocType): Map<string, DocField> => new Map(d.fields.filter((f) => f.storage !== 'none').map((f) => [f.fieldname, f]))

export function hasFieldChanges(c: FieldChanges): boolean {
  return c.added.length + c.removed.length + c.retyped.length + c.renamed.length > 0
}

/** The field changes from `before` to `after` (value and table fields; layout fields hold nothing). */
export function diffDocType(before: DocType, after: DocType, renames: Readonly<Record<string, string>> = {}): FieldChanges {
  const old = stored(before)
  const next = stored(after)
  const renamed: FieldPair[] = []
  for (const [from, to] of Object.entries(renames)) {
    const a = old.get(from)
    const b = next.get(to)
    // a rename applies only while the old field is gone and the new one is new
    if (a && b && !next.has(from) && !old.has(to)) renamed.push({ from: a, to: b })
  }
  const moved = new Set(renamed.flatMap((r) => [r.from.fieldname, r.to.fieldname]))
  const retyped: FieldPair[] = []
  for (const [name, b] of next) {
    const a = old.get(name)
    if (a && (a.fieldtype !== b.fieldtype || (a.storage === 'table' && a.options !== b.options))) retyped.push({ from: a, to: b })
  }
  return {
    doctype: after.name,
    added: [...next.values()].filter((f) => !old.has(f.fieldname) && !moved.has(f.fieldname)),
    removed: [...old.values()].filter((f) => !next.has(f.fieldname) && !moved.has(f.fieldname)),
    retyped,
    renamed,
  }
}

/** Field changes of every DocType in both schemas whose fields changed. */
export function diffSchemas(before: Schema, after: Schema, renames: RenamedFields = {}): Map<string, FieldChanges> {
  const out = new Map<string, FieldChanges>()
  for (const next of after.all()) {
    const old = before.get(next.name)
    if (!old) continue
    const changes = diffDocType(old, next, renames[next.name] ?? {})
    if (hasFieldChanges(changes)) out.set(next.name, changes)
  }
  return out
}
