import { loadDocType, type Doc, type DocType } from '@outpost/meta'

/** The properties a Custom Field carries into its DocType's field list. */
const FIELD_PROPERTIES = [
  'fieldname', 'label', 'fieldtype', 'options', 'default', 'description', 'insert_after', 'reqd', 'unique',
  'read_only', 'hidden', 'no_copy', 'print_hide', 'report_hide', 'search_index', 'in_list_view',
  'in_standard_filter', 'allow_on_submit', 'length', 'precision', 'non_negative', 'set_only_once', 'fetch_from',
] as const

const FLAGS = FIELD_PROPERTIES.filter((p) => !['fieldname', 'label', 'fieldtype', 'options', 'default', 'description', 'insert_after', 'length', 'precision', 'fetch_from'].includes(p))

/** Frappe core's Custom Field, in our own words: System Manager adds fields to a DocType. */
export function customFieldDocType(): DocType {
  return loadDocType({
    doctype: 'DocType',
    name: 'Custom Field',
    module: 'Custom',
    // Frappe names a Custom Field `<DocType>-<fieldname>`
    autoname: 'format:{dt}-{fieldname}',
    title_field: 'label',
    modified: '2026-11-01 00:00:00.000000',
    fields: [
      { fieldname: 'dt', fieldtype: 'Data', label: 'DocType', reqd: 1, in_list_view: 1, search_index: 1 },
      { fieldname: 'label', fieldtype: 'Data', label: 'Label', in_list_view: 1 },
      { fieldname: 'fieldname', fieldtype: 'Data', label: 'Fieldname', in_list_view: 1 },
      { fieldname: 'fieldtype', fieldtype: 'Data', label: 'Field Type', reqd: 1, default: 'Data' },
      { fieldname: 'options', fieldtype: 'Small Text', label: 'Options' },
      { fieldname: 'default', fieldtype: 'Small Text', label: 'Default' },
      { fieldname: 'description', fieldtype: 'Small Text', label: 'Description' },
      { fieldname: 'insert_after', fieldtype: 'Data', label: 'Insert After' },
      { fieldname: 'length', fieldtype: 'Int', label: 'Length' },
      { fieldname: 'precision', fieldtype: 'Data', label: 'Precision' },
      { fieldname: 'fetch_from', fieldtype: 'Small Text', label: 'Fetch From' },
      ...FLAGS.map((fieldname) => ({ fieldname, fieldtype: 'Check', label: fieldname })),
      { fieldname: 'is_system_generated', fieldtype: 'Check', label: 'Is System Generated', read_only: 1 },
    ],
    permissions: [{ role: 'System Manager', read: 1, write: 1, create: 1, delete: 1, report: 1, export: 1 }],
  })
}

/** The field a Custom Field adds, as DocType JSON writes it. */
function fieldJson(row: Doc): Record<string, unknown> {
  const out: Record<string, unknown> = { is_custom_field: 1 }
  for (const p of FIELD_PROPERTIES) {
    const v = row[p]
    if (v !== undefined && v !== null && v !== '' && v !== 0) out[p] = v
  }
  return out
}

/**
 * `base` with its Custom Fields, each after its `insert_after` field (or last), as Frappe's
 * meta merges them; `modified` moves to the newest custom field, so clients see a new version.
 */
export function withCustomFields(base: DocType, rows: readonly Doc[]): DocType {
  if (rows.length === 0) return base
  const fields = [...((base.raw['fields'] as Record<string, unknown>[] | undefined) ?? [])]
  let modified = String(base.raw['modified'] ?? '')
  for (const row of [...rows].sort((a, b) => String(a['creation']).localeCompare(String(b['creation'])))) {
    const after = fields.findIndex((f) => f['fieldname'] === row['insert_after'])
    fields.splice(after >= 0 ? after + 1 : fields.length, 0, fieldJson(row))
    if (String(row['modified']) > modified) modified = String(row['modified'])
  }
  return loadDocType({ ...base.raw, fields, modified })
}
