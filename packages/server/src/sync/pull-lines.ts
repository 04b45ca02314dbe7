import type { Doc, DocType, FrappeError } from '@outpost/meta'

/** The NDJSON lines of an `outpost.sync.pull` answer, each ending in a newline. */
const line = (value: Record<string, unknown>): string => `${JSON.stringify(value)}\n`

export function metaLine(doctype: DocType): string {
  return line({ type: 'meta', doctype: doctype.name, version: doctype.modified })
}

/** A whole document, child rows inline, as `visible-docs.ts` reads it (null fields already left out). */
export function docLine(doctype: string, doc: Doc): string {
  return line({ type: 'doc', doctype, doc })
}

export function deleteLine(doctype: string, name: string): string {
  return line({ type: 'delete', doctype, name })
}

export function renameLine(doctype: string, from: string, to: string): string {
  return line({ type: 'rename', doctype, from, to })
}

export interface EndFields {
  readonly cursor: string
  readonly hasMore: boolean
  readonly total: number
  readonly reconcile: readonly string[]
}

export function endLine(end: EndFields): string {
  return line({ type: 'end', cursor: end.cursor, has_more: end.hasMore, total: end.total, reconcile: end.reconcile })
}

export function errorLine(error: FrappeError): string {
  return line({ type: 'error', exc_type: error.excType, message: error.message })
}
