import type { Doc, DocType } from '@outpost/meta'
import type { DocEvent } from './doc-events.ts'

/** Frappe's rooms (`frappe/realtime.py`, `realtime/handlers.js`). */
export const doctypeRoom = (doctype: string): string => `doctype:${doctype}`
export const docRoom = (doctype: string, name: string): string => `doc:${doctype}/${name}`
export const userRoom = (user: string): string => `user:${user}`
export const WEBSITE_ROOM = 'website'
/** Desk (System) users' room. */
export const SITE_ROOM = 'all'

export type FrappeEventName = 'doc_update' | 'list_update' | 'doc_rename'

/** One socket.io emit to a room, with what a subscriber must be able to read to get it. */
export interface Emission {
  readonly event: FrappeEventName
  readonly room: string
  readonly message: Readonly<Record<string, string>>
  readonly doctype: DocType
  /** The document's states: a socket receives the emit if it may read one of them. */
  readonly docs: readonly Doc[]
}

/** Frappe sends no list_update for child tables, Singles and read-only DocTypes (`notify_update`). */
function listed(doctype: DocType): boolean {
  const readOnly = doctype.raw['read_only']
  return !doctype.istable && !doctype.issingle && !(readOnly === 1 || readOnly === true || readOnly === '1')
}

function listUpdate(e: DocEvent, docs: Doc[]): Emission[] {
  if (!listed(e.doctype)) return []
  return [{ event: 'list_update', room: doctypeRoom(e.doctype.name), message: { doctype: e.doctype.name, name: e.name, user: e.user }, doctype: e.doctype, docs }]
}

/**
 * What Frappe v15 emits for a change. `notify_update` (every save, submit, cancel and delete):
 * `doc_update` {modified, doctype, name} to the document's room and `list_update`
 * {doctype, name, user} to the DocType's room. A rename: `doc_rename` {doctype, old, new} to the
 * old name's room; Frappe sends no list_update then, Outpost does (for the new name), so that
 * list watchers hear of renames too.
 */
function emissionsOf(e: DocEvent): Emission[] {
  const docs = [e.before, e.after].filter((d): d is Doc => d !== undefined)
  if (e.kind === 'rename') {
    const old = e.oldName ?? e.name
    return [
      { event: 'doc_rename', room: docRoom(e.doctype.name, old), message: { doctype: e.doctype.name, old, new: e.name }, doctype: e.doctype, docs },
      ...listUpdate(e, docs),
    ]
  }
  return [
    { event: 'doc_update', room: docRoom(e.doctype.name, e.name), message: { modified: e.modified, doctype: e.doctype.name, name: e.name }, doctype: e.doctype, docs },
    ...listUpdate(e, docs),
  ]
}

/**
 * One commit's emits, in order. As Frappe's after-commit realtime log, an emit repeated in the
 * same transaction (same event, message and room) goes out once; it then reaches whoever may
 * read any of the states it stood for.
 */
export function frappeEmissions(events: readonly DocEvent[]): Emission[] {
  const byKey = new Map<string, Emission>()
  for (const e of events) {
    for (const emission of emissionsOf(e)) {
      const key = JSON.stringify([emission.event, emission.message, emission.room])
      const seen = byKey.get(key)
      byKey.set(key, seen ? { ...seen, docs: [...seen.docs, ...emission.docs] } : emission)
    }
  }
  return [...byKey.values()]
}
