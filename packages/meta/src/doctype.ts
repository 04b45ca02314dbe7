import { docTypeName, type DocTypeName } from './brand.ts'
import { hasValue, isKnownFieldType, isTableField, storageKind, type StorageKind } from './field-types.ts'

/** One DocField, as published in a DocType JSON, with flags normalised to booleans. */
export interface DocField {
  readonly fieldname: string
  readonly fieldtype: string
  readonly label: string
  readonly options: string
  readonly reqd: boolean
  readonly unique: boolean
  readonly nonNegative: boolean
  readonly readOnly: boolean
  readonly hidden: boolean
  readonly allowOnSubmit: boolean
  readonly noCopy: boolean
  readonly setOnlyOnce: boolean
  readonly inListView: boolean
  readonly inStandardFilter: boolean
  readonly searchIndex: boolean
  readonly ignoreUserPermissions: boolean
  readonly permlevel: number
  readonly length: number | undefined
  readonly precision: string | undefined
  readonly default: string | undefined
  readonly fetchFrom: string | undefined
  readonly fetchIfEmpty: boolean
  readonly dependsOn: string | undefined
  readonly mandatoryDependsOn: string | undefined
  readonly readOnlyDependsOn: string | undefined
  readonly storage: StorageKind
  /** The raw JSON object, kept so nothing published is lost. */
  readonly raw: Readonly<Record<string, unknown>>
}

export interface DocPerm {
  readonly role: string
  readonly permlevel: number
  readonly ifOwner: boolean
  readonly read: boolean
  readonly write: boolean
  readonly create: boolean
  readonly delete: boolean
  readonly submit: boolean
  readonly cancel: boolean
  readonly amend: boolean
  readonly select: boolean
  readonly report: boolean
}

export type PermType = 'read' | 'write' | 'create' | 'delete' | 'submit' | 'cancel' | 'amend' | 'select' | 'report'

/** A loaded DocType. Field lookups are precomputed; everything is read-only. */
export interface DocType {
  readonly name: DocTypeName
  readonly module: string
  readonly istable: boolean
  readonly issingle: boolean
  readonly isSubmittable: boolean
  readonly isTree: boolean
  readonly nsmParentField: string | undefined
  readonly autoname: string | undefined
  readonly namingRule: string | undefined
  readonly nameCase: string | undefined
  readonly titleField: string | undefined
  readonly searchFields: readonly string[]
  readonly showTitleFieldInLink: boolean
  readonly sortField: string
  readonly sortOrder: 'ASC' | 'DESC'
  readonly allowRename: boolean
  readonly trackChanges: boolean
  readonly translatedDocType: boolean
  /** DocType `modified`: the meta version clients compare. */
  readonly modified: string
  readonly fields: readonly DocField[]
  /** Fields that hold a value in the document's own row (no layout, no tables). */
  readonly valueFields: readonly DocField[]
  readonly tableFields: readonly DocField[]
  readonly linkFields: readonly DocField[]
  readonly permissions: readonly DocPerm[]
  readonly raw: Readonly<Record<string, unknown>>
  field(fieldname: string): DocField | undefined
}

export class MetaLoadError extends Error {
  readonly code = 'META_INVALID'
  constructor(message: string) {
    super(message)
    this.name = 'MetaLoadError'
  }
}

const flag = (v: unknown): boolean => v === 1 || v === true || v === '1'

function optionalString(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined
  return String(v)
}

function optionalInt(v: unknown): number | undefined {
  if (v === undefined || v === null || v === '' || v === 0) return undefined
  const n = Number(v)
  return Number.isInteger(n) && n > 0 ? n : undefined
}

export function loadDocField(raw: Record<string, unknown>, doctype: string): DocField {
  const fieldname = raw['fieldname']
  const fieldtype = raw['fieldtype']
  if (typeof fieldname !== 'string' || fieldname === '') throw new MetaLoadError(`${doctype}: a field has no fieldname`)
  if (typeof fieldtype !== 'string' || fieldtype === '') throw new MetaLoadError(`${doctype}.${fieldname}: no fieldtype`)
  if (!isKnownFieldType(fieldtype)) throw new MetaLoadError(`${doctype}.${fieldname}: unknown fieldtype ${fieldtype}`)
  return {
    fieldname,
    fieldtype,
    label: optionalString(raw['label']) ?? fieldname,
    options: optionalString(raw['options']) ?? '',
    reqd: flag(raw['reqd']),
    unique: flag(raw['unique']),
    nonNegative: flag(raw['non_negative']),
    readOnly: flag(raw['read_only']),
    hidden: flag(raw['hidden']),
    allowOnSubmit: flag(raw['allow_on_submit']),
    noCopy: flag(raw['no_copy']),
    setOnlyOnce: flag(raw['set_only_once']),
    inListView: flag(raw['in_list_view']),
    inStandardFilter: flag(raw['in_standard_filter']),
    searchIndex: flag(raw['search_index']),
    ignoreUserPermissions: flag(raw['ignore_user_permissions']),
    permlevel: Number(raw['permlevel'] ?? 0) || 0,
    length: optionalInt(raw['length']),
    precision: optionalString(raw['precision']),
    default: raw['default'] === undefined || raw['default'] === null ? undefined : String(raw['default']),
    fetchFrom: optionalString(raw['fetch_from']),
    fetchIfEmpty: flag(raw['fetch_if_empty']),
    dependsOn: optionalString(raw['depends_on']),
    mandatoryDependsOn: optionalString(raw['mandatory_depends_on']),
    readOnlyDependsOn: optionalString(raw['read_only_depends_on']),
    storage: storageKind(fieldtype),
    raw,
  }
}

function loadDocPerm(raw: Record<string, unknown>): DocPerm {
  return {
    role: String(raw['role'] ?? ''),
    permlevel: Number(raw['permlevel'] ?? 0) || 0,
    ifOwner: flag(raw['if_owner']),
    read: flag(raw['read']),
    write: flag(raw['write']),
    create: flag(raw['create']),
    delete: flag(raw['delete']),
    submit: flag(raw['submit']),
    cancel: flag(raw['cancel']),
    amend: flag(raw['amend']),
    select: flag(raw['select']),
    report: flag(raw['report']),
  }
}

function splitList(v: unknown): string[] {
  return typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : []
}

function asRecords(v: unknown, what: string): Record<string, unknown>[] {
  if (v === undefined || v === null) return []
  if (!Array.isArray(v)) throw new MetaLoadError(`${what} must be a list`)
  return v.map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new MetaLoadError(`${what} holds a non-object`)
    return item as Record<string, unknown>
  })
}

/** The raw DocType object and its name; MetaLoadError when the JSON is not a named DocType. */
function docTypeJson(json: unknown): { raw: Record<string, unknown>; name: DocTypeName } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new MetaLoadError('A DocType must be a JSON object')
  const raw = json as Record<string, unknown>
  if (raw['doctype'] !== undefined && raw['doctype'] !== 'DocType') throw new MetaLoadError(`Not a DocType: doctype is ${String(raw['doctype'])}`)
  const nameValue = raw['name']
  if (typeof nameValue !== 'string' || nameValue.trim() === '') throw new MetaLoadError('A DocType needs a name')
  return { raw, name: docTypeName(nameValue) }
}

function loadFields(raw: Record<string, unknown>, name: DocTypeName): DocField[] {
  const fields = asRecords(raw['fields'], `${name}.fields`).map((f) => loadDocField(f, name))
  const seen = new Set<string>()
  for (const f of fields) {
    if (seen.has(f.fieldname)) throw new MetaLoadError(`${name}: duplicate fieldname ${f.fieldname}`)
    seen.add(f.fieldname)
  }
  return fields
}

/** Load a DocType from its published JSON (as in `<app>/<module>/doctype/<name>/<name>.json`). */
export function loadDocType(json: unknown): DocType {
  const { raw, name } = docTypeJson(json)
  const fields = loadFields(raw, name)
  const byName = new Map(fields.map((f) => [f.fieldname, f]))
  const sortOrder = String(raw['sort_order'] ?? 'DESC').toUpperCase() === 'ASC' ? 'ASC' : 'DESC'
  return {
    name,
    module: String(raw['module'] ?? ''),
    istable: flag(raw['istable']),
    issingle: flag(raw['issingle']),
    isSubmittable: flag(raw['is_submittable']),
    isTree: flag(raw['is_tree']),
    nsmParentField: optionalString(raw['nsm_parent_field']),
    autoname: optionalString(raw['autoname']),
    namingRule: optionalString(raw['naming_rule']),
    nameCase: optionalString(raw['name_case']),
    titleField: optionalString(raw['title_field']),
    searchFields: splitList(raw['search_fields']),
    showTitleFieldInLink: flag(raw['show_title_field_in_link']),
    sortField: optionalString(raw['sort_field']) ?? 'modified',
    sortOrder,
    allowRename: flag(raw['allow_rename']),
    trackChanges: flag(raw['track_changes']),
    translatedDocType: flag(raw['translated_doctype']),
    modified: String(raw['modified'] ?? ''),
    fields,
    valueFields: fields.filter((f) => hasValue(f.fieldtype)),
    tableFields: fields.filter((f) => isTableField(f.fieldtype)),
    linkFields: fields.filter((f) => f.fieldtype === 'Link' || f.fieldtype === 'Dynamic Link'),
    permissions: asRecords(raw['permissions'], `${name}.permissions`).map(loadDocPerm),
    raw,
    field: (fieldname: string) => byName.get(fieldname),
  }
}
