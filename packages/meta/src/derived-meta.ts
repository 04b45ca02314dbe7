import type { DocField, DocType } from './doctype.ts'

/**
 * What validation, defaults and naming derive from a DocType's fields, worked out once per
 * DocType instead of once per document. A DocType never changes (a Custom Field makes a new
 * one), so each is keyed by the DocType object itself and lives as long as it does.
 */
export function derivedOnce<T>(cache: WeakMap<DocType, T>, doctype: DocType, derive: (doctype: DocType) => T): T {
  let value = cache.get(doctype)
  if (value === undefined) {
    value = derive(doctype)
    cache.set(doctype, value)
  }
  return value
}

/** A Select field and its options, as `_validate_selects` checks them. */
export interface SelectCheck {
  readonly field: DocField
  readonly options: readonly string[]
}

function fieldsWhere(doctype: DocType, keep: (f: DocField) => boolean): readonly DocField[] {
  return doctype.fields.filter(keep)
}

const selects = new WeakMap<DocType, readonly SelectCheck[]>()

/** Select fields whose value must be one of their options (`naming_series` and option-less selects are exempt). */
export function selectChecks(doctype: DocType): readonly SelectCheck[] {
  return derivedOnce(selects, doctype, (d) => fieldsWhere(d, (f) => f.fieldtype === 'Select' && f.fieldname !== 'naming_series'
    && f.options !== '' && f.options !== '[Select]' && f.options !== 'Loading...').map((field) => ({ field, options: field.options.split('\n') })))
}

const mandatory = new WeakMap<DocType, readonly DocField[]>()

/** `reqd` fields that hold something (a value or a table). */
export function mandatoryFields(doctype: DocType): readonly DocField[] {
  return derivedOnce(mandatory, doctype, (d) => fieldsWhere(d, (f) => f.reqd && f.storage !== 'none'))
}

const nonNegative = new WeakMap<DocType, readonly DocField[]>()
const NON_NEGATIVE_TYPES: ReadonlySet<string> = new Set(['Int', 'Float', 'Currency'])

/** Int, Float and Currency fields flagged `non_negative` (Percent is not checked, as in Frappe). */
export function nonNegativeFields(doctype: DocType): readonly DocField[] {
  return derivedOnce(nonNegative, doctype, (d) => fieldsWhere(d, (f) => f.nonNegative && NON_NEGATIVE_TYPES.has(f.fieldtype)))
}

const uniques = new WeakMap<DocType, readonly DocField[]>()

/** Value fields flagged `unique`. */
export function uniqueFields(doctype: DocType): readonly DocField[] {
  return derivedOnce(uniques, doctype, (d) => d.valueFields.filter((f) => f.unique))
}

const links = new WeakMap<DocType, readonly DocField[]>()

/** Link fields first, then Dynamic Links, each in meta order (`get_link_fields() + Dynamic Link fields`). */
export function linkCheckFields(doctype: DocType): readonly DocField[] {
  return derivedOnce(links, doctype, (d) => [
    ...d.linkFields.filter((f) => f.fieldtype === 'Link' && f.options !== '[Select]'),
    ...d.linkFields.filter((f) => f.fieldtype === 'Dynamic Link'),
  ])
}
