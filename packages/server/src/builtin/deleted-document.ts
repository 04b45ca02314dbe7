import { loadDocType, type DocType } from '@outpost/meta'

/** Frappe core's Deleted Document, in our own words: System Manager may read and delete it. */
export function deletedDocumentDocType(): DocType {
  return loadDocType({
    doctype: 'DocType',
    name: 'Deleted Document',
    module: 'Core',
    autoname: 'hash',
    title_field: 'deleted_name',
    sort_field: 'creation',
    sort_order: 'DESC',
    modified: '2026-11-01 00:00:00.000000',
    fields: [
      { fieldname: 'deleted_name', fieldtype: 'Data', label: 'Deleted Name', read_only: 1, in_list_view: 1 },
      { fieldname: 'deleted_doctype', fieldtype: 'Data', label: 'Deleted DocType', read_only: 1, in_list_view: 1, search_index: 1 },
      { fieldname: 'restored', fieldtype: 'Check', label: 'Restored', read_only: 1 },
      { fieldname: 'new_name', fieldtype: 'Read Only', label: 'New Name' },
      { fieldname: 'data', fieldtype: 'Code', label: 'Data', read_only: 1 },
    ],
    permissions: [{ role: 'System Manager', read: 1, delete: 1, report: 1 }],
  })
}
