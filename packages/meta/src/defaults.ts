import { coerceFieldValue } from './coerce-value.ts'
import { childTables } from './doc-parts.ts'
import type { DocField, DocType } from './doctype.ts'
import type { Doc } from './document.ts'
import { copyJson, isPlainRecord, setOwn, shallowCopy } from './safe-object.ts'
import { derivedOnce } from './derived-meta.ts'
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

/** Where a default comes from: the session and clock are read per document, the rest once per DocType. */
type DefaultSource = 'user' | 'today' | 'now' | 'time' | 'static'

/**
 * create_new.py set_dynamic_default_values: a Datetime defaulting to "now" gets the current
 * time, and every Time field gets the current time (Frappe does this whatever the default).
 * Then _fix_numeric_types: Check fields are never None (0), Int/Float values become numbers.
 */
function sourceOf(doctype: DocType, field: DocField): DefaultSource {
  if (field.fieldtype === 'Time') return 'time'
  if (field.fieldtype === 'Datetime' && field.default?.toLowerCase() === 'now') return 'now'
  if (field.fieldname === doctype.titleField) return 'static'
  if (field.default === '__user') return 'user'
  if (field.default === 'Today') return 'today'
  return 'static'
}

function rawDefault(doctype: DocType, field: DocField, source: DefaultSource, ctx: DefaultsContext): unknown {
  switch (source) {
    case 'user': return ctx.user
    case 'today': return ctx.today
    case 'now': return ctx.now
    case 'time': return timeOf(ctx.now)
    case 'static': {
      const value = staticDefault(doctype, field, ctx)
      return field.fieldtype === 'Check' && value === undefined ? 0 : value
    }
  }
}

function coerced(field: DocField, value: unknown): unknown {
  if (value === undefined) return undefined
  try {
    return coerceFieldValue(field, value)
  } catch {
    return value // a default the meta got wrong is kept as written, as Frappe would store it
  }
}

/** One field's place in the template: a value worked out once, or a source read per document. */
interface TemplateSlot {
  readonly field: DocField
  readonly source: DefaultSource
  /** For 'static': the coerced default (a JSON default is an object: copied per document). */
  readonly value?: unknown
}

const slotsCache = new WeakMap<DocType, readonly TemplateSlot[]>()

/** The fields that get a default, in meta order; static defaults coerced once (they need no session). */
function templateSlots(doctype: DocType): readonly TemplateSlot[] {
  return derivedOnce(slotsCache, doctype, (d) => d.valueFields.flatMap((field): TemplateSlot[] => {
    const source = sourceOf(d, field)
    if (source !== 'static') return [{ field, source }]
    const value = coerced(field, rawDefault(d, field, source, { user: '', today: '', now: '' }))
    return value === undefined ? [] : [{ field, source, value }]
  }))
}

/** The template value of one slot (`frappe.new_doc`): static ones copied, the others read now. */
function slotValue(doctype: DocType, slot: TemplateSlot, ctx: DefaultsContext): unknown {
  return slot.source === 'static' ? copyJson(slot.value) : coerced(slot.field, rawDefault(doctype, slot.field, slot.source, ctx))
}

const isMissing = (doc: Readonly<Doc>, key: string): boolean => doc[key] === undefined || doc[key] === null

/**
 * `update_if_missing` with the new-document template of a doctype (`frappe.new_doc(doctype,
 * as_dict=True)`, minus user defaults): each template value is set where the document has
 * none (undefined or null), in template order; a value is worked out only where it is missing.
 */
function fillMissing(doctype: DocType, doc: Readonly<Doc>, ctx: DefaultsContext): Doc {
  const out = shallowCopy(doc)
  if (isMissing(out, 'owner')) setOwn(out, 'owner', ctx.user)
  if (isMissing(out, 'docstatus')) setOwn(out, 'docstatus', 0)
  if (isMissing(out, 'idx')) setOwn(out, 'idx', 0)
  for (const slot of templateSlots(doctype)) {
    const key = slot.field.fieldname
    if (!isMissing(out, key)) continue
    const value = slotValue(doctype, slot, ctx)
    if (value !== undefined) setOwn(out, key, value)
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
  const out = fillMissing(doctype, doc, ctx)
  for (const { tableField, childType, rows } of childTables(schema, doctype, out)) {
    setOwn(out, tableField.fieldname, rows.map((row) => (isPlainRecord(row) ? fillMissing(childType, row, ctx) : row)))
  }
  return out
}
