import type { DocPart } from './doc-parts.ts'
import { nonNegativeFields } from './derived-meta.ts'
import { FrappeError } from './errors.ts'
import { bold } from './messages.ts'

/** frappe.utils.flt without precision: numbers and numeric strings, anything else 0. */
function flt(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replaceAll(',', '')) : 0
  return Number.isFinite(n) ? n : 0
}

/**
 * document.py _validate_non_negative for one document or row: Int, Float and Currency fields
 * flagged non_negative must not be below 0 (Percent is not checked, as in Frappe).
 * NonNegativeError titled "Negative Value".
 */
export function validateNonNegative(part: DocPart): void {
  for (const field of nonNegativeFields(part.doctype)) {
    if (flt(part.doc[field.fieldname]) >= 0) continue
    const message = part.row
      ? `${bold(part.doctype.name)} Row #${part.row.idx}: Value cannot be negative for ${bold(field.label)}`
      : `Value cannot be negative for ${part.doctype.name}: ${bold(field.label)}`
    throw new FrappeError('NonNegativeError', message, { title: 'Negative Value' })
  }
}
