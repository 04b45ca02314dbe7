import { copyDocTree, docParts, type DocPart } from './doc-parts.ts'
import type { DocType } from './doctype.ts'
import type { Doc } from './document.ts'
import { FrappeError } from './errors.ts'
import type { Schema } from './schema.ts'
import { docstatusAction, type DocstatusAction } from './validate-docstatus.ts'
import { validateLength } from './validate-length.ts'
import { validatePartLinks } from './validate-links.ts'
import { validateMandatory } from './validate-mandatory.ts'
import { validateNonNegative } from './validate-non-negative.ts'
import type { ValidationResolvers } from './validate-resolvers.ts'
import { validateSelects } from './validate-select.ts'
import { validateSetOnlyOnce, validateUpdateAfterSubmit } from './validate-submitted.ts'
import { validateUnique } from './validate-unique.ts'

export type ValidateAction = 'insert' | 'save' | 'submit' | 'cancel' | 'update_after_submit'

export interface ValidateOptions {
  /** The stored document (with its rows) before this change; absent for a new document. */
  readonly previous?: Doc
  readonly action: ValidateAction
}

const STATUS_TEXT = ['0 (Draft)', '1 (Submitted)', '2 (Cancelled)'] as const

function docstatusOf(doc: Doc | undefined): number | undefined {
  if (doc === undefined) return undefined
  const value = doc['docstatus']
  if (value === undefined || value === null) return 0
  return typeof value === 'number' ? value : Number.NaN
}

/** The action the docstatus change performs; it must be the one the caller asked for. */
function resolveAction(action: ValidateAction, previous: Doc | undefined, doc: Doc): DocstatusAction {
  const from = docstatusOf(previous)
  const to = docstatusOf(doc) ?? 0
  const derived = docstatusAction(from, to)
  const matches = action === 'insert' ? previous === undefined && (derived === 'save' || derived === 'submit') : action === derived
  if (!matches) {
    const change = `from ${STATUS_TEXT[from ?? 0] ?? String(from)} to ${STATUS_TEXT[to] ?? String(to)}`
    const what = action === 'insert' && previous !== undefined ? 'an existing document' : `a docstatus change ${change}`
    throw new FrappeError('DocstatusTransitionError', `Cannot ${action.replaceAll('_', ' ')} ${what}`, { messages: [] })
  }
  return derived
}

/** document.py _validate: mandatory first, then the parent's and each row's field rules, then set_only_once. */
function validateFields(schema: Schema, doctype: DocType, doc: Doc, parts: readonly DocPart[], previous: Doc | undefined): void {
  validateMandatory(schema, doctype, doc, parts)
  for (const part of parts) {
    validateSelects(part)
    validateNonNegative(part)
    validateLength(part)
  }
  if (previous) validateSetOnlyOnce(schema, doctype, doc, previous)
}

/**
 * Frappe's save-time validation of a coerced document, in Frappe's order: docstatus transition
 * (check_if_latest), links (_validate_links), _validate (mandatory, selects, non-negative,
 * length, set_only_once), update after submit, and the unique columns the database enforces.
 *
 * `action` must agree with the docstatus change from `previous` (`insert`: no previous, draft or
 * directly submitted). On `cancel` links and field rules are skipped, as in Frappe, but we are
 * stricter: the update-after-submit rule is applied, so a cancel cannot smuggle in edits.
 * `previous` and `doc` must be whole documents (a missing key counts as null).
 *
 * Returns a copy of `doc` with Link values in their stored spelling and Select values
 * stripped; throws FrappeError with Frappe's exception class and message texts.
 */
export async function validateDocument(schema: Schema, doctype: DocType, doc: Doc, resolvers: ValidationResolvers, options: ValidateOptions): Promise<Doc> {
  const previous = options.previous
  const action = resolveAction(options.action, previous, doc)
  const out = copyDocTree(doctype, doc)
  // The parent and its rows, found once: each step below changes values, never rows.
  const parts = docParts(schema, doctype, out)
  if (action !== 'cancel') {
    await validatePartLinks(schema, doctype, parts, resolvers)
    validateFields(schema, doctype, out, parts, previous)
  }
  if (previous && (action === 'update_after_submit' || action === 'cancel')) {
    validateUpdateAfterSubmit(schema, doctype, out, previous)
  }
  if (action !== 'cancel') await validateUnique(schema, doctype, out, resolvers, previous === undefined, parts)
  return out
}
