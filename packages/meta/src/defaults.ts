import { coerceFieldValue } from './coerce-value.ts'
import { childTables } from './doc-parts.ts'
import type { DocField, DocType } from './doctype.ts'
import type { Doc } from './document.ts'
import { isPlainRecord, setOwn, shallowCopy } from './safe-object.ts'
import type { Schema } from './schema.ts'

/** What Frappe reads from the session and the clock when it builds a new document. */
export interface DefaultsContext {
  /** `nowdate()`: `YYYY-MM-DD`. */
  readonly today: string
  /** `now_datetime()`: `YYYY-MM-DD HH:MM:SS[.ffffff]`. */
  readonly now: string
  /** `frappe.session.user`. */
  readonly user: string
}

/**
 * frappe/model/create_new.py get_static_default_value: `__user`, `Today`, a literal default
 * (defaults starting with `:` need the database and are left to the caller), else for a
 * Select without default its first option. The title field gets no static default.
 */
function staticDefault(doctype: DocType, field: DocField, ctx: DefaultsContext): string | undefined {
  if (field.fieldname === doctype.titleField) return undefined
  const d = field.default
  if (d !== undefined && d !== '') {
    if (d === '__user') return ctx.user
    if (d === 'Today') return ctx.today
    return d.startsWith(':') ? undefined : d
  }
  if (field.fieldtype === 'Select' && field.options !== '' && field.options !== '[Select]' && field.options !== 'Loading...') {
    return field.options.split('\n', 1)[0]
  }
  return undefined
}

/** The time part of `now`, as `nowtime()` gives it. */
function timeOf(now: string): string {
  const i = now.search(/[ T]/)
  return i < 0 ? now : now.slice(i + 1)
}

/**
 * create_new.py set_dynamic_default_values: a Datetime defaulting to "now" gets the current
 * time, and every Time field gets the current time (Frappe does this whatever the default).
 * Then _fix_numeric_types: Check fields are never None (0), Int/Float values become numbers.
 */
function defaultValue(doctype: DocType, field: DocField, ctx: DefaultsContext): unknown {
  let value: unknown = staticDefault(doctype, field, ctx)
  if (field.fieldtype === 'Datetime' && field.default?.toLowerCase() === 'now') value = ctx.now
  if (field.fieldtype === 'Time') value = timeOf(ctx.now)
  if (field.fieldtype === 'Check' && value === undefined) value = 0
  if (value === undefined) return undefined
  try {
    return coerceFieldValue(field, value)
  } catch {
    return value // a default the meta got wrong is kept as written, as Frappe would store it
  }
}

/** The new-document template of a doctype (`frappe.new_doc(doctype, as_dict=True)`), minus user defaults. */
function template(doctype: DocType, ctx: DefaultsContext): Map<string, unknown> {
  const out = new Map<string, unknown>([['owner', ctx.user], ['docstatus', 0], ['idx', 0]])
  for (const field of doctype.valueFields) {
    const value = defaultValue(doctype, field, ctx)
    if (value !== undefined) out.set(field.fieldname, value)
  }
  return out
}

/** `update_if_missing`: set each template value where the document has none (undefined or null). */
function fillMissing(doc: Readonly<Doc>, values: ReadonlyMap<string, unknown>): Doc {
  const out = shallowCopy(doc)
  for (const [key, value] of values) {
    if (out[key] === undefined || out[key] === null) setOwn(out, key, value)
  }
  return out
}

/**
 * Frappe's `Document._set_defaults` on insert: fill missing fields of `doc` and of every
 * child row from the doctype's defaults. Returns a copy; `doc` is not changed.
 * Not reproduced (they need the database or the session): user defaults and User
 * Permission defaults for Link fields, and `:DocType` defaults fetched from another document.
 */
export function applyDefaults(schema: Schema, doctype: DocType, doc: Doc, ctx: DefaultsContext): Doc {
  const out = fillMissing(doc, template(doctype, ctx))
  for (const { tableField, childType, rows } of childTables(schema, doctype, out)) {
    const childTemplate = template(childType, ctx)
    setOwn(out, tableField.fieldname, rows.map((row) => (isPlainRecord(row) ? fillMissing(row, childTemplate) : row)))
  }
  return out
}
