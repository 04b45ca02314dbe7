import { childParts, type DocPart } from './doc-parts.ts'
import type { DocField, DocType } from './doctype.ts'
import type { Doc } from './document.ts'
import { FrappeError } from './errors.ts'
import { bold, rowPrefix } from './messages.ts'
import { isPlainRecord } from './safe-object.ts'
import type { Schema } from './schema.ts'
import { isTruthy, pyValue, sameFieldValue } from './compare-values.ts'

function rowsOf(doc: Doc, fieldname: string): unknown[] {
  const rows = doc[fieldname]
  return Array.isArray(rows) ? rows : []
}

function changedError(part: DocPart, field: DocField, before: string, after: string): FrappeError {
  const message = `${rowPrefix(part.row)} Not allowed to change ${bold(field.label)} after submission from ${bold(before)} to ${bold(after)}`
  return new FrappeError('UpdateAfterSubmitError', message, { title: 'Cannot Update After Submit' })
}

/**
 * base_document.py _validate_update_after_submit for one document or row: a field without
 * allow_on_submit may not change. For a table field only the row count is compared here;
 * rows are compared field by field in their own pass.
 */
function checkPart(part: DocPart, before: Doc): void {
  for (const field of [...part.doctype.valueFields, ...part.doctype.tableFields]) {
    if (field.allowOnSubmit) continue
    const now = part.doc[field.fieldname]
    const old = before[field.fieldname]
    if (!isTruthy(now) && !isTruthy(old)) continue
    if (field.storage === 'table') {
      const [a, b] = [rowsOf(part.doc, field.fieldname).length, rowsOf(before, field.fieldname).length]
      if (a !== b) throw changedError(part, field, String(b), String(a))
    } else if (!sameFieldValue(field, now, old)) {
      throw changedError(part, field, pyValue(field, old), pyValue(field, now))
    }
  }
}

/** The stored version of a row: same table, same name. */
function previousRow(previous: Doc, part: DocPart): Doc | undefined {
  const name = part.doc['name']
  if (!part.row || name === undefined || name === null || name === '') return undefined
  return rowsOf(previous, part.row.tableField.fieldname).find((r): r is Doc => isPlainRecord(r) && r['name'] === name)
}

/**
 * document.py validate_update_after_submit: on a submitted document only allow_on_submit
 * fields may change, in the parent and in every row. A row that is new (no stored row of
 * that name) is free in an allow_on_submit table; elsewhere it is compared with an empty
 * row, so any value it carries is a change (Frappe fails there with DoesNotExistError).
 * UpdateAfterSubmitError "{Row #n:} Not allowed to change {label} after submission from {old} to {new}".
 */
export function validateUpdateAfterSubmit(schema: Schema, doctype: DocType, doc: Doc, previous: Doc): void {
  checkPart({ doctype, doc, row: undefined }, previous)
  for (const part of childParts(schema, doctype, doc)) {
    const before = previousRow(previous, part)
    if (!before && part.row?.tableField.allowOnSubmit) continue
    checkPart(part, before ?? {})
  }
}

function sameRows(childType: DocType | undefined, now: unknown[], old: unknown[]): boolean {
  if (now.length !== old.length) return false
  return now.every((row, i) => {
    const other = old[i]
    if (!isPlainRecord(row) || !isPlainRecord(other) || !childType) return row === other
    if (row['name'] !== other['name']) return false
    return childType.valueFields.every((f) => sameFieldValue(f, row[f.fieldname], other[f.fieldname]))
  })
}

/**
 * document.py validate_set_only_once (parent fields only, not on insert): a set_only_once
 * field keeps its stored value. A table keeps its rows (compared by name and field values).
 * CannotChangeConstantError "Value cannot be changed for {label}".
 */
export function validateSetOnlyOnce(schema: Schema, doctype: DocType, doc: Doc, previous: Doc): void {
  for (const field of doctype.fields) {
    if (!field.setOnlyOnce || field.storage === 'none') continue
    const same = field.storage === 'table'
      ? sameRows(schema.get(field.options), rowsOf(doc, field.fieldname), rowsOf(previous, field.fieldname))
      : sameFieldValue(field, doc[field.fieldname], previous[field.fieldname])
    if (!same) throw new FrappeError('CannotChangeConstantError', `Value cannot be changed for ${field.label}`)
  }
}
