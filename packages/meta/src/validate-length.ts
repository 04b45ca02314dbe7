import type { DocPart } from './doc-parts.ts'
import { derivedOnce } from './derived-meta.ts'
import type { DocField, DocType } from './doctype.ts'
import { FrappeError } from './errors.ts'
import { DEFAULT_VARCHAR_LENGTH } from './field-types.ts'
import { clip, cstr, pyStr } from './messages.ts'
import { codePointLength } from './naming-text.ts'

/**
 * Fieldtypes stored as varchar in Frappe v15 on MariaDB (frappe/database/mariadb/database.py
 * type_map). Attach, Attach Image, Signature, Barcode and Password are text columns there and
 * have no length limit, so this list is narrower than field-types.ts isVarcharType.
 */
const VARCHAR_TYPES: ReadonlySet<string> = new Set([
  'Data', 'Link', 'Dynamic Link', 'Select', 'Read Only', 'Color', 'Icon', 'Phone', 'Autocomplete',
])

/** Largest absolute value of the integer column types (base_document.py max_positive_value). */
const INT_LIMITS: Readonly<Record<string, number>> = { Int: 2 ** 31 - 1, 'Long Int': 2 ** 63 - 1 }

/** frappe.utils.cint: truncates toward zero, 0 for anything not numeric. */
function cint(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : 0
  return Number.isFinite(n) ? Math.trunc(n) : 0
}

function maxFor(field: DocField): number | undefined {
  if (VARCHAR_TYPES.has(field.fieldtype)) return field.length ?? DEFAULT_VARCHAR_LENGTH
  return INT_LIMITS[field.fieldtype]
}

const limits = new WeakMap<DocType, readonly { readonly field: DocField; readonly max: number }[]>()

/** Value fields with a length or range limit, and the limit. */
function limitedFields(doctype: DocType): readonly { readonly field: DocField; readonly max: number }[] {
  return derivedOnce(limits, doctype, (d) => d.valueFields.flatMap((field) => {
    const max = maxFor(field)
    return max === undefined ? [] : [{ field, max }]
  }))
}

function exceeds(field: DocField, value: unknown, max: number): boolean {
  if (VARCHAR_TYPES.has(field.fieldtype)) {
    const text = cstr(value)
    // UTF-16 units never undercount code points, so only a long text needs counting.
    return text.length > max && codePointLength(text) > max
  }
  return Math.abs(cint(value)) > max
}

/**
 * base_document.py _validate_length for one document or row (Singles are not checked):
 * varchar values longer than the field's `length` (default 140) and integers beyond the
 * column range raise CharacterLengthExceededError, titled "Value too big".
 */
export function validateLength(part: DocPart): void {
  if (part.doctype.issingle) return
  for (const { field, max } of limitedFields(part.doctype)) {
    const value = part.doc[field.fieldname]
    if (!exceeds(field, value, max)) continue
    const reference = part.row
      ? `${part.doctype.name}, Row ${part.row.idx}`
      : `${part.doctype.name} ${pyStr(part.doc['name'])}`
    const message = `${reference}: '${field.label}' (${clip(pyStr(value))}) will get truncated, as max characters allowed is ${max}`
    throw new FrappeError('CharacterLengthExceededError', message, { title: 'Value too big' })
  }
}
