/**
 * Frappe field types and how each one is stored and coerced.
 * Mirrors frappe/model/__init__.py (no_value_fields, table_fields, data_fieldtypes)
 * and the column type map in the per-database database.py files.
 */

export const TABLE_FIELD_TYPES = ['Table', 'Table MultiSelect'] as const

/** Fields that exist only for layout or display and hold no value. */
export const LAYOUT_FIELD_TYPES = [
  'Section Break', 'Column Break', 'Tab Break', 'HTML', 'Button', 'Image', 'Fold', 'Heading',
] as const

/** How a value is held in a column and in JSON. */
export type StorageKind = 'text' | 'int' | 'float' | 'check' | 'date' | 'datetime' | 'time' | 'json' | 'none' | 'table'

const STORAGE: Record<string, StorageKind> = {
  Data: 'text', Link: 'text', 'Dynamic Link': 'text', Select: 'text', 'Read Only': 'text',
  Password: 'text', Attach: 'text', 'Attach Image': 'text', Signature: 'text', Color: 'text',
  Barcode: 'text', Autocomplete: 'text', Phone: 'text', Icon: 'text',
  'Small Text': 'text', Text: 'text', 'Long Text': 'text', 'Text Editor': 'text', Code: 'text',
  'Markdown Editor': 'text', 'HTML Editor': 'text', Geolocation: 'text',
  JSON: 'json',
  Int: 'int', 'Long Int': 'int', Check: 'check',
  Float: 'float', Currency: 'float', Percent: 'float', Rating: 'float', Duration: 'float',
  Date: 'date', Datetime: 'datetime', Time: 'time',
  Table: 'table', 'Table MultiSelect': 'table',
}

export function storageKind(fieldtype: string): StorageKind {
  if ((LAYOUT_FIELD_TYPES as readonly string[]).includes(fieldtype)) return 'none'
  return STORAGE[fieldtype] ?? 'text'
}

export function isKnownFieldType(fieldtype: string): boolean {
  return fieldtype in STORAGE || (LAYOUT_FIELD_TYPES as readonly string[]).includes(fieldtype)
}

export function isTableField(fieldtype: string): boolean {
  return (TABLE_FIELD_TYPES as readonly string[]).includes(fieldtype)
}

export function hasValue(fieldtype: string): boolean {
  const kind = storageKind(fieldtype)
  return kind !== 'none' && kind !== 'table'
}

/** Types whose length Frappe limits (varchar columns); others are long text. */
export function isVarcharType(fieldtype: string): boolean {
  return [
    'Data', 'Link', 'Dynamic Link', 'Select', 'Read Only', 'Password', 'Attach', 'Attach Image',
    'Signature', 'Color', 'Barcode', 'Autocomplete', 'Phone', 'Icon',
  ].includes(fieldtype)
}

export const DEFAULT_VARCHAR_LENGTH = 140
