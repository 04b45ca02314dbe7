import { applyDefaults, coerceFieldValue, loadDocType, type DefaultsContext, type DocField, type DocType, type Schema } from '@outpost/meta'

/**
 * What a field added by a meta change holds in a document that already exists:
 * - `column`: a document the server has, which got the column Frappe's schema sync added:
 *   Check and Int take `cint(default)`, Currency, Float and Percent `flt(default)`, others a
 *   literal default (not `Today`, `__user`, `:fieldname` …, which Frappe fills per document on
 *   insert, never in a column), a child table none (no rows);
 * - `insert`: a document created offline whose insert is still queued: the server applies its
 *   insert defaults, so the local copy takes them now (Select's first option, Today, the user);
 * - `none`: an update's payload, which carries only what the user changed.
 */
export type AddedMode = 'column' | 'insert' | 'none'

/** frappe.db.DEFAULT_SHORTCUTS: defaults resolved per document, never a column default. */
const SHORTCUTS = new Set(['_Login', '__user', '_Full Name', 'Today', '__today', 'now', 'Now'])
const WHOLE = new Set(['Check', 'Int'])
const DECIMAL = new Set(['Currency', 'Float', 'Percent'])

/** Frappe's cint / flt: a leading number, else 0. */
function leadingNumber(text: string | undefined, whole: boolean): number {
  const n = whole ? Number.parseInt(text ?? '', 10) : Number.parseFloat(text ?? '')
  return Number.isFinite(n) ? n : 0
}

/** The column default Frappe's `DbColumn.get_definition` gives an added field. */
export function columnDefault(field: DocField): unknown {
  if (field.storage === 'table') return []
  if (WHOLE.has(field.fieldtype)) return leadingNumber(field.default, true)
  if (DECIMAL.has(field.fieldtype)) return leadingNumber(field.default, false)
  const d = field.default
  if (d === undefined || d === '' || SHORTCUTS.has(d) || d.startsWith(':')) return undefined
  try {
    return coerceFieldValue(field, d)
  } catch {
    return d
  }
}

/** Values for added fields by mode, worked out once per DocType. */
export class AddedValues {
  readonly #insert = new Map<string, ReadonlyMap<string, unknown>>()

  constructor(private readonly schema: Schema, private readonly defaults: DefaultsContext) {}

  value(doctype: DocType, field: DocField, mode: AddedMode): unknown {
    if (mode === 'none') return undefined
    if (mode === 'column' || field.storage === 'table') return columnDefault(field)
    return this.#insertTemplate(doctype).get(field.fieldname)
  }

  /** The new-document template (create_new.py) of `doctype`, through meta's `applyDefaults`. */
  #insertTemplate(doctype: DocType): ReadonlyMap<string, unknown> {
    let template = this.#insert.get(doctype.name)
    if (!template) {
      const valueOnly = loadDocType({ ...doctype.raw, fields: doctype.valueFields.map((f) => f.raw) })
      template = new Map(Object.entries(applyDefaults(this.schema, valueOnly, {}, this.defaults)))
      this.#insert.set(doctype.name, template)
    }
    return template
  }
}
