import type { DocPart } from './doc-parts.ts'
import { selectChecks } from './derived-meta.ts'
import { FrappeError } from './errors.ts'
import { pyStr, rowPrefix } from './messages.ts'
import { setOwn } from './safe-object.ts'

/**
 * base_document.py _validate_selects for one document or row: a non-empty Select value is
 * stripped (written back) and must be one of the options; `naming_series` is exempt.
 * ValidationError '{prefix} {label} cannot be "{value}". It should be one of "{options}"',
 * where prefix is "Row #{idx}:" for a child row and empty (leaving a leading space) otherwise.
 */
export function validateSelects(part: DocPart): void {
  for (const { field, options } of selectChecks(part.doctype)) {
    const raw = part.doc[field.fieldname]
    if (!raw) continue
    const value = pyStr(raw).trim()
    setOwn(part.doc, field.fieldname, value)
    if (options.includes(value)) continue
    throw new FrappeError('ValidationError', `${rowPrefix(part.row)} ${field.label} cannot be "${value}". It should be one of "${options.join('", "')}"`)
  }
}
