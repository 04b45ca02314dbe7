import type { Doc, FilterCondition, Schema } from '@outpost/meta'

/**
 * LocalStore: where a replica keeps documents, its outbox, logs and cursors.
 *
 * Guarantees every implementation gives (the conformance suite in `@outpost/core/testing`
 * checks each one):
 * - `write(fn)` is atomic and durable: after it resolves every change of `fn` survives a crash;
 *   if `fn` throws, none is kept. Transactions are serialised.
 * - Documents come back as they were put: JSON values, child tables as arrays of rows in order.
 * - `getDoc` matches `name` without regard to ASCII case, as the server does; a document keeps
 *   the spelling it was put with.
 * - `queryDocs` / `countDocs` follow Frappe's filter semantics (meta's `matchesFilters`):
 *   NULL compares as its ifnull fallback, text ignores ASCII case, `like` takes `%` and `_`,
 *   a filter on a child DocType matches when any row does. Order: `orderBy` terms, NULL first
 *   ascending, then `name` ascending for a stable page.
 * - Records of a kind list in ascending key order.
 * - `open` accepts a Schema that gained DocTypes or fields since the store was written.
 *   Records (meta, cursors, outbox) can be read and written before `open`; documents cannot.
 */
export interface LocalStore {
  readonly capabilities: StoreCapabilities
  open(schema: Schema): Promise<void>
  read<T>(fn: (tx: StoreReader) => Promise<T>): Promise<T>
  write<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T>
  close(): Promise<void>
  /** Delete every document and record (logout). The store is closed afterwards. */
  destroy(): Promise<void>
}

export interface StoreCapabilities {
  /** Survives a restart of the process (false for the in-memory store). */
  readonly persistent: boolean
  /** Filters and sorts use indexes rather than scanning every document. */
  readonly indexedQueries: boolean
}

export interface DocQuery {
  readonly filters?: readonly FilterCondition[]
  readonly orFilters?: readonly FilterCondition[]
  readonly orderBy?: readonly { readonly field: string; readonly order: 'asc' | 'desc' }[]
  /** Frappe's search_link relevance: documents whose name contains `text` earlier come first. */
  readonly rankByName?: string
  readonly offset?: number
  readonly limit?: number
}

/** Kinds of records besides documents; values are JSON. */
export type RecordKind = 'outbox' | 'outbox-doc' | 'outbox-ref' | 'error' | 'conflict' | 'base' | 'meta' | 'state'

export interface StoreReader {
  getDoc(doctype: string, name: string): Promise<Doc | undefined>
  queryDocs(doctype: string, query?: DocQuery): Promise<Doc[]>
  countDocs(doctype: string, query?: Pick<DocQuery, 'filters' | 'orFilters'>): Promise<number>
  /** Every document name of `doctype`, without reading the documents. */
  listDocNames(doctype: string): Promise<string[]>
  getRecord<T>(kind: RecordKind, key: string): Promise<T | undefined>
  listRecords<T>(kind: RecordKind, options?: { prefix?: string }): Promise<{ key: string; value: T }[]>
  countRecords(kind: RecordKind): Promise<number>
  /**
   * Optional: what link validation needs of a document (its stored name and docstatus), the
   * same answer `getDoc` gives, from a store that can give it without reading the document
   * (IndexedDB keeps recent answers while no tab has written since).
   */
  linkTarget?(doctype: string, name: string): Promise<LinkTarget | undefined>
}

export interface PutOptions {
  readonly handOver?: boolean
}

/** A link's target as validation sees it. */
export interface LinkTarget {
  readonly name: string
  readonly docstatus: number
}

export interface StoreWriter extends StoreReader {
  /**
   * Insert or replace a whole document (its child rows included) by `name`. With `handOver`
   * the caller gives `doc` away: it will not change the object (nor its rows) again, so a
   * store may keep it until the write ends without copying it.
   */
  putDoc(doctype: string, doc: Doc, options?: PutOptions): Promise<void>
  deleteDoc(doctype: string, name: string): Promise<void>
  putRecord<T>(kind: RecordKind, key: string, value: T): Promise<void>
  deleteRecord(kind: RecordKind, key: string): Promise<void>
}
