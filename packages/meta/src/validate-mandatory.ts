import { docParts, type DocPart } from './doc-parts.ts'
import { mandatoryFields } from './derived-meta.ts'
import type { DocField, DocType } from './doctype.ts'
import type { Doc } from './document.ts'
import { FrappeError, type ServerMessage } from './errors.ts'
import { bold, cstr, pyStr } from './messages.ts'
import type { Schema } from './schema.ts'

const HTML_TAG_RE = /<[^>]*>/g

/** base_document.py has_content: text left after stripping tags; an <img> counts in Text Editor and HTML Code fields. */
function hasContent(field: DocField, value: unknown): boolean {
  const text = cstr(value)
  if (text.replace(HTML_TAG_RE, '').trim() !== '') return true
  const richText = field.fieldtype === 'Text Editor' || (field.fieldtype === 'Code' && field.options === 'HTML')
  return richText && text.includes('<img')
}

function isMissing(field: DocField, value: unknown): boolean {
  if (value === null || value === undefined) return true
  if (Array.isArray(value)) return value.length === 0
  return !hasContent(field, value)
}

/** _get_missing_mandatory_fields get_msg (Frappe v15 texts). */
function missingMessage(part: DocPart, label: string, isTable: boolean): string {
  if (isTable) return `Error: Data missing in table: ${label}`
  if (part.row) return `Error: ${bold(part.doctype.name)} Row #${part.row.idx}: Value missing for: ${label}`
  return `Error: Value missing for ${part.doctype.name}: ${label}`
}

function missingIn(part: DocPart): [string, string][] {
  const out: [string, string][] = []
  for (const field of mandatoryFields(part.doctype)) {
    if (isMissing(field, part.doc[field.fieldname])) {
      out.push([field.fieldname, missingMessage(part, field.label, field.storage === 'table')])
    }
  }
  if (part.doctype.istable) {
    for (const fieldname of ['parent', 'parenttype']) {
      if (!part.doc[fieldname]) out.push([fieldname, missingMessage(part, fieldname, false)])
    }
  }
  return out
}

/**
 * document.py _validate_mandatory: every reqd field of the parent and of each child row must
 * have content (an empty reqd table counts as missing). One msgprint per missing field, then
 * MandatoryError "[{doctype}, {name}]: field1, field2". `parts`: the document's, when the caller has them.
 */
export function validateMandatory(schema: Schema, doctype: DocType, doc: Doc, parts: readonly DocPart[] = docParts(schema, doctype, doc)): void {
  const missing = parts.flatMap(missingIn)
  if (missing.length === 0) return
  const messages: ServerMessage[] = missing.map(([, message]) => ({ message }))
  const fields = missing.map(([fieldname]) => fieldname).join(', ')
  throw new FrappeError('MandatoryError', `[${doctype.name}, ${pyStr(doc['name'])}]: ${fields}`, { messages })
}
