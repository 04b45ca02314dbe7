import type { DocTypeName } from './brand.ts'
import { loadDocType, MetaLoadError, type DocType } from './doctype.ts'
import { isTableField } from './field-types.ts'

/** Columns every document row has (frappe/model/__init__.py default_fields). */
export const STANDARD_FIELDS = ['name', 'owner', 'creation', 'modified', 'modified_by', 'docstatus', 'idx'] as const
/** Columns child rows add (child_table_fields). */
export const CHILD_FIELDS = ['parent', 'parentfield', 'parenttype'] as const

export interface SchemaWarning {
  readonly doctype: string
  readonly fieldname: string
  readonly message: string
}

/**
 * A set of loaded DocTypes that can answer cross-doctype questions: child tables,
 * which Link targets are loaded, which fields point at a doctype.
 */
export class Schema {
  readonly #byName = new Map<string, DocType>()
  readonly #byLowerName = new Map<string, DocType>()

  constructor(doctypes: Iterable<DocType> = []) {
    for (const d of doctypes) this.add(d)
  }

  static fromJson(jsons: Iterable<unknown>): Schema {
    return new Schema([...jsons].map(loadDocType))
  }

  add(doctype: DocType): void {
    this.#byName.set(doctype.name, doctype)
    this.#byLowerName.set(doctype.name.toLowerCase(), doctype)
  }

  has(name: string): boolean {
    return this.#byName.has(name)
  }

  get(name: string): DocType | undefined {
    return this.#byName.get(name)
  }

  /** Case-insensitive lookup: URL paths and user input do not always match case. */
  find(name: string): DocType | undefined {
    return this.#byName.get(name) ?? this.#byLowerName.get(name.toLowerCase())
  }

  require(name: string): DocType {
    const d = this.#byName.get(name)
    if (!d) throw new MetaLoadError(`DocType ${name} not found`)
    return d
  }

  all(): DocType[] {
    return [...this.#byName.values()]
  }

  names(): DocTypeName[] {
    return [...this.#byName.values()].map((d) => d.name)
  }

  /** Child doctypes used by a parent's Table fields, loaded ones only. */
  childDocTypes(parent: DocType): DocType[] {
    return parent.tableFields.map((f) => this.#byName.get(f.options)).filter((d): d is DocType => d !== undefined)
  }

  /** Every (doctype, field) whose Link points at `target`; Dynamic Links are found by value at runtime. */
  linksTo(target: string): { doctype: DocType; fieldname: string }[] {
    const out: { doctype: DocType; fieldname: string }[] = []
    for (const d of this.#byName.values()) {
      for (const f of d.linkFields) if (f.fieldtype === 'Link' && f.options === target) out.push({ doctype: d, fieldname: f.fieldname })
    }
    return out
  }

  /** Links and tables to doctypes that are not loaded: kept as plain data, reported once at boot. */
  warnings(): SchemaWarning[] {
    const out: SchemaWarning[] = []
    for (const d of this.#byName.values()) {
      for (const f of d.fields) {
        if ((f.fieldtype === 'Link' || isTableField(f.fieldtype)) && f.options && !this.#byName.has(f.options)) {
          out.push({ doctype: d.name, fieldname: f.fieldname, message: `${f.fieldtype} to ${f.options}, which is not loaded` })
        }
      }
    }
    return out
  }
}
