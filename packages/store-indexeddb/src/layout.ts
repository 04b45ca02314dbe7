import type { Dexie, Table } from 'dexie'
import type { Doc } from '@outpost/meta'
import type { RecordKind } from '@outpost/core'
import type { RowCipher } from './row-cipher.ts'
import type { ListOrders } from './index-entries.ts'

/**
 * The database layout: three object stores, the same for every site and every schema.
 *
 * `docs` holds every document of every DocType, keyed by [doctype, name folded to lower ASCII],
 * child rows inside their parent, so a boot page is one bulkPut and a form is one get. Indexes
 * are per DocType all the same: each document carries `ix`, a list of [doctype, field, value,
 * order value] entries (the fields Frappe indexes, the sort field and the sync fields; the
 * order value is the list order field's: index-entries.ts), behind one multiEntry index. A
 * range over [doctype, field, …] is that DocType's index on that field, sorted by value, then
 * by list order, then by name as IndexedDB orders equal index keys by primary key.
 *
 * Why not one object store (or set of indexes) per DocType: IndexedDB creates stores and
 * indexes only in a version upgrade, and an upgrade waits until every other tab has closed the
 * database; a meta change would then stall a tab at boot or close the others mid-sync, and a
 * site with hundreds of DocTypes would open hundreds of stores. Here the IndexedDB schema never
 * changes with meta: when a DocType's indexed fields change, `open` rewrites the `ix` of its
 * documents in an ordinary transaction (reindex.ts). One B-tree for all DocTypes costs a
 * level of depth, not a scan.
 *
 * Each entry is a write of its own, and a boot's time goes mostly to them: a field left NULL
 * gets none, nor do docstatus and the Select and Check fields lists filter by. The document's
 * one name entry, which every document has anyway, spells them as its group instead
 * (index-entries.ts, group-keys.ts).
 *
 * `records` holds outbox, logs, cursors and state, keyed by [kind, key], listed in key order.
 * `layout` holds the store format version, per DocType the index signature its `ix` entries
 * were built with, and for an encrypted database how its key is derived (store-key.ts).
 *
 * In an encrypted database a row holds `sealed` (the AES-GCM ciphertext of the document or the
 * record value) in place of `doc` or `value`; keys and `ix` entries stay as they are, so the
 * indexes answer queries without the key.
 */
/** Moved on with the `ix` entry layout (store-format.ts): tabs still open on the old one are closed. */
export const DEXIE_VERSION = 4
export const STORES = {
  docs: '[doctype+key], *ix',
  records: '[kind+key]',
  layout: 'id',
} as const

/** Object stores this library may find in its own database (Dexie adds `$meta` in some upgrades). */
export const KNOWN_STORES: ReadonlySet<string> = new Set([...Object.keys(STORES), '$meta'])

/** An index entry's value: numbers for numeric fields; text, dates and times as folded strings. */
export type IndexValue = string | number
/** A field's entry, or the name entry (with the fields the document leaves NULL): see index-entries.ts. */
export type IndexEntry =
  | readonly [doctype: string, field: string, value: IndexValue]
  | readonly [doctype: string, field: string, value: IndexValue, orderValue: IndexValue]
  | readonly [doctype: string, nameEntry: string, nulls: string, name: string]
export type DocKey = [doctype: string, key: string]
export type RecordKey = [kind: RecordKind, key: string]

export interface DocRow {
  readonly doctype: string
  readonly key: string
  readonly doc: Doc
  ix: readonly IndexEntry[]
}

export interface RecordRow {
  readonly kind: RecordKind
  readonly key: string
  readonly value: unknown
}

/** A document row of an encrypted database: `sealed` is the document, encrypted. */
export interface SealedDocRow {
  readonly doctype: string
  readonly key: string
  readonly sealed: Uint8Array
  ix: readonly IndexEntry[]
}

/** A record of an encrypted database: `sealed` is its value, encrypted. */
export interface SealedRecordRow {
  readonly kind: RecordKind
  readonly key: string
  readonly sealed: Uint8Array
}

/** How an encrypted database's key is derived from the passphrase, and a value to check it on. */
export interface EncryptionRow {
  readonly id: 'encryption'
  readonly kdf: 'PBKDF2-SHA-256'
  readonly cipher: 'AES-GCM-256'
  readonly iterations: number
  readonly salt: Uint8Array
  /** A known value sealed with the key: opening it proves the passphrase. */
  readonly check: Uint8Array
}

export type LayoutRow =
  | { readonly id: 'format'; readonly version: number }
  /** Set anew by every write of documents: what a tab kept of them is valid while it stays (link-targets.ts). */
  | { readonly id: 'generation'; readonly value: string }
  | { readonly id: `ix:${string}`; readonly signature: string }
  | EncryptionRow

export interface Tables {
  readonly db: Dexie
  /** Per DocType, the field its index entries carry as their order value (index-entries.ts). */
  readonly listOrders: ListOrders
  readonly docs: Table<DocRow, DocKey>
  readonly records: Table<RecordRow, RecordKey>
  readonly layout: Table<LayoutRow, string>
  /** The key of an encrypted database (rows hold `sealed`); undefined when it is not encrypted. */
  readonly cipher: RowCipher | undefined
}

export function tablesOf(db: Dexie, listOrders: ListOrders, cipher?: RowCipher): Tables {
  return {
    db,
    listOrders,
    docs: db.table<DocRow, DocKey>('docs'),
    records: db.table<RecordRow, RecordKey>('records'),
    layout: db.table<LayoutRow, string>('layout'),
    cipher,
  }
}

/**
 * Key-range ends that hold a whole sub-range: IndexedDB orders numbers before strings before
 * arrays, so [x, ''] … [x, []] covers every string second part, and -Infinity … '' every number.
 */
export const MIN_STRING = ''
export const ABOVE_STRINGS: readonly never[] = []
