import { docParts, type DocPart } from './doc-parts.ts'
import { uniqueFields } from './derived-meta.ts'
import type { DocField, DocType } from './doctype.ts'
import type { Doc } from './document.ts'
import { FrappeError } from './errors.ts'
import { pyStr } from './messages.ts'
import type { Schema } from './schema.ts'
import type { ValidationResolvers } from './validate-resolvers.ts'

function uniqueError(field: DocField): FrappeError {
  // show_unique_validation_message: a plain msgprint, then UniqueValidationError.
  const message = `${field.label} must be unique`
  return new FrappeError('UniqueValidationError', message, { messages: [{ message }] })
}

/** Blank values are stored as NULL in unique columns (get_valid_dict), and NULLs never clash. */
function isBlank(value: unknown): boolean {
  return value === null || value === undefined || pyStr(value).trim() === ''
}

/** MariaDB's default collation compares text case-insensitively. */
function collationKey(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : pyStr(value)
}

function exceptNameOf(part: DocPart, isNew: boolean): string | undefined {
  if (!part.row && isNew) return undefined
  const name = part.doc['name']
  return (typeof name === 'string' && name !== '') || typeof name === 'number' ? String(name) : undefined
}

/**
 * Frappe enforces `unique` in the database (a unique index; db_insert / db_update turn the
 * violation into UniqueValidationError with msgprint "{label} must be unique"). Here: ask
 * `isDuplicate` for the parent's and the rows' unique values, and refuse two rows of this
 * document that share one.
 */
export async function validateUnique(
  schema: Schema, doctype: DocType, doc: Doc, resolvers: ValidationResolvers, isNew: boolean, parts: readonly DocPart[] = docParts(schema, doctype, doc),
): Promise<void> {
  const seenInRows = new Map<string, Set<string>>()
  for (const part of parts) {
    for (const field of uniqueFields(part.doctype)) {
      const value = part.doc[field.fieldname]
      if (isBlank(value)) continue
      if (part.row) {
        const key = `${part.doctype.name}\u0000${field.fieldname}`
        const seen = seenInRows.get(key) ?? new Set<string>()
        if (seen.has(collationKey(value))) throw uniqueError(field)
        seen.add(collationKey(value))
        seenInRows.set(key, seen)
      }
      if (await resolvers.isDuplicate(part.doctype.name, field.fieldname, value, exceptNameOf(part, isNew))) throw uniqueError(field)
    }
  }
}
