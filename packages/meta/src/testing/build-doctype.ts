import { loadDocType, type DocType } from '../doctype.ts'

/** A DocField as written in DocType JSON; `label` defaults to nothing (so the fieldname). */
export type RawField = { fieldname: string; fieldtype: string } & Record<string, unknown>

/** A small DocType built in code for tests, through the real loader. */
export function buildDocType(name: string, fields: readonly RawField[], extra: Record<string, unknown> = {}): DocType {
  return loadDocType({ doctype: 'DocType', name, module: 'Test', fields, ...extra })
}
