import type { DocField, DocType } from '@outpost/meta'

export interface FormSection {
  readonly key: string
  readonly label: string
  readonly columns: readonly (readonly DocField[])[]
}

export interface FormTab {
  readonly key: string
  readonly label: string
  readonly sections: readonly FormSection[]
}

/** Field types that only shape the form. */
const LAYOUT = new Set(['Tab Break', 'Section Break', 'Column Break'])
/** Field types the desk shows nothing for. */
const NOT_SHOWN = new Set(['HTML', 'Button', 'Image', 'Fold', 'Heading'])

interface Builder {
  tabs: { key: string; label: string; sections: { key: string; label: string; columns: DocField[][] }[] }[]
}

function currentSection(b: Builder) {
  const tab = b.tabs.at(-1)!
  if (tab.sections.length === 0) tab.sections.push({ key: `${tab.key}-start`, label: '', columns: [[]] })
  return tab.sections.at(-1)!
}

/**
 * Frappe's form layout from the field order: a Tab Break opens a tab, a Section Break a
 * section, a Column Break a column. Hidden and display-only fields are left out, and so are
 * sections and tabs that end up with nothing in them.
 */
export function formLayout(doctype: DocType): FormTab[] {
  const b: Builder = { tabs: [{ key: 'details', label: 'Details', sections: [] }] }
  for (const field of doctype.fields) {
    if (field.fieldtype === 'Tab Break') {
      b.tabs.push({ key: field.fieldname, label: field.label, sections: [] })
    } else if (field.fieldtype === 'Section Break') {
      b.tabs.at(-1)!.sections.push({ key: field.fieldname, label: field.raw['label'] ? field.label : '', columns: [[]] })
    } else if (field.fieldtype === 'Column Break') {
      currentSection(b).columns.push([])
    } else if (!field.hidden && !NOT_SHOWN.has(field.fieldtype) && !LAYOUT.has(field.fieldtype)) {
      currentSection(b).columns.at(-1)!.push(field)
    }
  }
  return b.tabs
    .map((t) => ({ ...t, sections: t.sections.map((s) => ({ ...s, columns: s.columns.filter((c) => c.length > 0) })).filter((s) => s.columns.length > 0) }))
    .filter((t) => t.sections.length > 0)
}

/** The fields a child table's grid shows as columns: `in_list_view` ones, else the first few. */
export function gridColumns(child: DocType): DocField[] {
  const shown = child.fields.filter((f) => !f.hidden && !LAYOUT.has(f.fieldtype) && !NOT_SHOWN.has(f.fieldtype) && f.storage !== 'table')
  const listed = shown.filter((f) => f.inListView)
  return (listed.length > 0 ? listed : shown).slice(0, 6)
}

/** The fields of a child row's full editor: every shown value field. */
export function rowFields(child: DocType): DocField[] {
  return child.fields.filter((f) => !f.hidden && !LAYOUT.has(f.fieldtype) && !NOT_SHOWN.has(f.fieldtype) && f.storage !== 'table')
}
