export { docTypeName, docName, fieldName } from './brand.ts'
export type { Brand, DocTypeName, DocName, FieldName } from './brand.ts'
export {
  TABLE_FIELD_TYPES, LAYOUT_FIELD_TYPES, DEFAULT_VARCHAR_LENGTH,
  storageKind, isKnownFieldType, isTableField, hasValue, isVarcharType,
} from './field-types.ts'
export type { StorageKind } from './field-types.ts'
export { loadDocType, loadDocField, MetaLoadError } from './doctype.ts'
export type { DocType, DocField, DocPerm, PermType } from './doctype.ts'
export { Schema, STANDARD_FIELDS, CHILD_FIELDS } from './schema.ts'
export type { SchemaWarning } from './schema.ts'
export { FrappeError, FRAPPE_EXC_STATUS, isFrappeError, msg } from './errors.ts'
export type { FrappeExcType, ServerMessage } from './errors.ts'
export { DOCSTATUS } from './document.ts'
export type { Doc, ChildRow, DocStatus } from './document.ts'
