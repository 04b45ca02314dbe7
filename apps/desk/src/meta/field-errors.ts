import type { FieldError } from '@outpost/core'
import type { DocType, Schema } from '@outpost/meta'

/** Where a message belongs: a field of the document, or of one child row (`table` and `row` = idx). */
export interface ErrorSpot {
  readonly fieldname: string
  readonly table: string | undefined
  readonly row: number | undefined
}

export const spotKey = (fieldname: string, table?: string, row?: number): string => (table === undefined ? fieldname : `${table}#${row ?? 0}.${fieldname}`)

function byLabel(doctype: DocType, text: string): string | undefined {
  // The label named first wins ("Due Date cannot be before Posting Date"), the longest at one place ("Due Date", not "Date").
  const hits = doctype.fields
    .filter((f) => f.label !== '' && f.storage !== 'none' && text.includes(f.label))
    .map((f) => ({ f, at: text.indexOf(f.label) }))
    .sort((a, b) => a.at - b.at || b.f.label.length - a.f.label.length)
  return hits[0]?.f.fieldname
}

const ROW = /Row #?(\d+)/i

/**
 * The field a validation message is about. Frappe's messages name a field by its label
 * ("Value missing for Sales Invoice: Customer", "Row #1: Value missing for: Item"), so the
 * label is matched in the document, or for a "Row #n" message in its child tables.
 */
export function locateError(schema: Schema, doctype: DocType, error: Pick<FieldError, 'fieldname' | 'row' | 'message'>): ErrorSpot | undefined {
  const rowMatch = ROW.exec(error.message)
  const row = error.row ?? (rowMatch?.[1] !== undefined ? Number(rowMatch[1]) : undefined)
  if (row !== undefined) {
    for (const table of doctype.tableFields) {
      const child = schema.get(table.options)
      const fieldname = error.fieldname !== undefined && child?.field(error.fieldname) ? error.fieldname : child && byLabel(child, error.message.replace(ROW, ''))
      if (fieldname) return { fieldname, table: table.fieldname, row }
    }
  }
  if (error.fieldname !== undefined && doctype.field(error.fieldname)) return { fieldname: error.fieldname, table: undefined, row: undefined }
  const fieldname = byLabel(doctype, error.message.replace(/^Error:\s*/, '').replace(`for ${doctype.name}:`, 'for:'))
  return fieldname ? { fieldname, table: undefined, row: undefined } : undefined
}

/** Messages by field (see `spotKey`); the ones no field claims are under ''. */
export function fieldErrorMap(schema: Schema, doctype: DocType, errors: readonly Pick<FieldError, 'fieldname' | 'row' | 'message'>[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const e of errors) {
    const spot = locateError(schema, doctype, e)
    const key = spot ? spotKey(spot.fieldname, spot.table, spot.row) : ''
    out.set(key, [...(out.get(key) ?? []), e.message.replace(/<[^>]+>/g, '')])
  }
  return out
}
