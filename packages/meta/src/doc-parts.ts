import type { DocField, DocType } from './doctype.ts'
import type { Doc } from './document.ts'
import { isPlainRecord, setOwn, shallowCopy } from './safe-object.ts'
import type { Schema } from './schema.ts'

/** Where a child row sits in its parent. */
export interface RowPlace {
  /** The row's `idx` (1-based), as Frappe's messages print it. */
  readonly idx: number
  readonly tableField: DocField
}

/** The parent document or one of its child rows, with its doctype. */
export interface DocPart {
  readonly doctype: DocType
  readonly doc: Doc
  /** Undefined for the parent document. */
  readonly row: RowPlace | undefined
}

/** A table field of a document whose child doctype is loaded and whose value is a list. */
export interface ChildTable {
  readonly tableField: DocField
  readonly childType: DocType
  readonly rows: readonly unknown[]
}

/** The document's child tables in meta order; tables of unloaded doctypes and values that are not lists are skipped. */
export function childTables(schema: Schema, doctype: DocType, doc: Readonly<Doc>): ChildTable[] {
  const out: ChildTable[] = []
  for (const tableField of doctype.tableFields) {
    const childType = schema.get(tableField.options)
    const rows = doc[tableField.fieldname]
    if (childType && Array.isArray(rows)) out.push({ tableField, childType, rows })
  }
  return out
}

function rowIdx(row: Doc, position: number): number {
  const idx = row['idx']
  return typeof idx === 'number' && Number.isInteger(idx) && idx > 0 ? idx : position + 1
}

/** Child rows in Frappe's `get_all_children` order: table fields in meta order, rows in list order. Rows of unloaded child doctypes are skipped. */
export function childParts(schema: Schema, doctype: DocType, doc: Doc): DocPart[] {
  const out: DocPart[] = []
  for (const { tableField, childType, rows } of childTables(schema, doctype, doc)) {
    rows.forEach((row, i) => {
      if (isPlainRecord(row)) out.push({ doctype: childType, doc: row, row: { idx: rowIdx(row, i), tableField } })
    })
  }
  return out
}

/** The parent, then its child rows. */
export function docParts(schema: Schema, doctype: DocType, doc: Doc): DocPart[] {
  return [{ doctype, doc, row: undefined }, ...childParts(schema, doctype, doc)]
}

/** A copy of the parent and of every child row, so validation can canonicalise values in place. */
export function copyDocTree(doctype: DocType, doc: Doc): Doc {
  const out = shallowCopy(doc)
  for (const tableField of doctype.tableFields) {
    const rows = out[tableField.fieldname]
    if (Array.isArray(rows)) {
      setOwn(out, tableField.fieldname, rows.map((row: unknown) => (isPlainRecord(row) ? shallowCopy(row) : row)))
    }
  }
  return out
}
