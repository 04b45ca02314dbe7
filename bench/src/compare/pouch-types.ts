import { createRequire } from 'node:module'

/**
 * The part of PouchDB 9 the bench uses, typed here (the package ships no types). Loaded through
 * require: pouchdb, pouchdb-find and express-pouchdb are CommonJS.
 */
export interface PouchDoc {
  _id: string
  _rev?: string
  _deleted?: boolean
  [field: string]: unknown
}

export interface ReplicationEmitter extends PromiseLike<{ docs_written: number; docs_read: number; ok: boolean; doc_write_failures: number }> {
  on(event: 'denied', fn: (err: { id?: string; message?: string; reason?: string; name?: string }) => void): this
  on(event: 'error', fn: (err: unknown) => void): this
}

export interface ReplicateOptions {
  batch_size?: number
  batches_limit?: number
  filter?: (doc: PouchDoc) => boolean
}

export interface FindRequest {
  selector: Record<string, unknown>
  fields?: string[]
  sort?: Record<string, 'asc' | 'desc'>[]
  limit?: number
  use_index?: string
}

export interface PouchDatabase {
  readonly name: string
  put(doc: PouchDoc): Promise<{ id: string; rev: string }>
  get(id: string): Promise<PouchDoc>
  bulkDocs(docs: PouchDoc[], options?: { new_edits?: boolean }): Promise<({ ok?: boolean; id?: string; error?: string; reason?: string })[]>
  allDocs(options: { include_docs?: boolean; keys?: string[]; startkey?: string; endkey?: string; limit?: number }): Promise<{ total_rows: number; rows: { id: string; key: string; value?: { rev: string; deleted?: boolean }; doc?: PouchDoc; error?: string }[] }>
  info(): Promise<{ doc_count: number; update_seq: number | string }>
  createIndex(index: { index: { fields: string[]; name?: string; ddoc?: string } }): Promise<unknown>
  find(request: FindRequest): Promise<{ docs: PouchDoc[] }>
  close(): Promise<void>
}

export interface PouchStatic {
  new (name: string, options?: Record<string, unknown>): PouchDatabase
  plugin(plugin: unknown): PouchStatic
  defaults(options: Record<string, unknown>): PouchStatic
  replicate(source: PouchDatabase | string, target: PouchDatabase | string, options?: ReplicateOptions): ReplicationEmitter
}

const require = createRequire(import.meta.url)

/** PouchDB with pouchdb-find, on its default Node adapter (leveldb). */
export function loadPouch(): PouchStatic {
  const PouchDB = require('pouchdb') as PouchStatic
  return PouchDB.plugin(require('pouchdb-find') as unknown)
}

/** One database for every DocType, as CouchDB users keep it: the id carries the DocType. */
export const pouchId = (doctype: string, name: string): string => `${doctype}::${name}`

/** CouchDB keeps top-level `_` fields for itself: Frappe's `_user_tags` and the like are dropped. */
export function toPouchDoc(doctype: string, doc: Record<string, unknown>): PouchDoc {
  const out: PouchDoc = { _id: pouchId(doctype, String(doc['name'])) }
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_')) out[k] = v
  out['doctype'] = doctype
  return out
}

export const VALIDATE_DOC_UPDATE = `function (newDoc) {
  if (newDoc.doctype !== 'Sales Invoice' || newDoc._deleted) return;
  var items = newDoc.items || [];
  for (var i = 0; i < items.length; i++) {
    if (!(items[i].qty > 0)) throw({ forbidden: 'Row #' + (i + 1) + ': Quantity must be greater than zero' });
  }
}`
