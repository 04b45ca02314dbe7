import Database from 'better-sqlite3'
import type { Doc } from '@outpost/meta'
import { DatasetReader } from '../dataset.ts'
import { CHANGED_REMARK } from '../offline-batch.ts'
import type { ServerView } from './server-api.ts'

/**
 * The store under the Replicache and RxDB peers' servers: one better-sqlite3 table of documents
 * with a row version from one global counter (Replicache's row-version strategy, and RxDB's
 * pull checkpoint), deletions kept as tombstones.
 */
export type PeerProtocol = 'replicache' | 'rxdb'

/** Replicache keys are `<DocType>/<name>`; RxDB ids `<DocType>::<name>`, in one collection per kind. */
export function peerKey(protocol: PeerProtocol, doctype: string, name: string): string {
  return protocol === 'replicache' ? `${doctype}/${name}` : `${doctype}::${name}`
}

/** RxDB's free build allows 13 collections (16 in older releases): masters share one. */
export function rxCollectionOf(doctype: string): string {
  if (doctype === 'Sales Invoice') return 'sales_invoice'
  if (doctype === 'Customer') return 'customer'
  if (doctype === 'Item') return 'item'
  return 'masters'
}

/** The document as a peer stores it: Frappe's `_` fields left out (RxDB and CouchDB reserve them). */
export function peerDoc(protocol: PeerProtocol, doctype: string, doc: Doc): Doc {
  const out: Doc = {}
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('_')) out[k] = v
  out['doctype'] = doctype
  if (protocol === 'rxdb') out['id'] = peerKey(protocol, doctype, String(doc['name']))
  return out
}

export class PeerStore {
  readonly db: Database.Database
  constructor(path: string, readonly protocol: PeerProtocol) {
    this.db = new Database(path)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS docs (key TEXT PRIMARY KEY, collection TEXT NOT NULL, json TEXT NOT NULL, version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX IF NOT EXISTS docs_collection_version ON docs (collection, version);
      CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
      INSERT OR IGNORE INTO counter (id, version) VALUES (1, 0);
      CREATE TABLE IF NOT EXISTS refused (key TEXT NOT NULL, reason TEXT NOT NULL);`)
  }

  nextVersion(): number {
    return (this.db.prepare('UPDATE counter SET version = version + 1 WHERE id = 1 RETURNING version').get() as { version: number }).version
  }

  collectionOf(doctype: string): string {
    return this.protocol === 'replicache' ? doctype : rxCollectionOf(doctype)
  }

  /** Insert or replace one document with a fresh row version. */
  put(doctype: string, doc: Doc, deleted = false): void {
    const key = this.protocol === 'rxdb' && typeof doc['id'] === 'string' ? doc['id'] : peerKey(this.protocol, doctype, String(doc['name']))
    this.db.prepare('INSERT OR REPLACE INTO docs (key, collection, json, version, deleted) VALUES (?, ?, ?, ?, ?)')
      .run(key, this.collectionOf(doctype), JSON.stringify(doc), this.nextVersion(), deleted ? 1 : 0)
  }

  get(key: string): { json: string; version: number; deleted: number } | undefined {
    return this.db.prepare('SELECT json, version, deleted FROM docs WHERE key = ?').get(key) as { json: string; version: number; deleted: number } | undefined
  }

  load(dataset: string, doctypes: readonly string[]): void {
    const reader = new DatasetReader(dataset)
    this.db.transaction(() => {
      for (const doctype of doctypes) for (const doc of reader.docs(doctype)) this.put(doctype, peerDoc(this.protocol, doctype, doc))
    })()
    reader.close()
  }

  /** S4: remarks edited on `changed`, tombstones for `deleted`, each with a new row version. */
  change(changed: readonly string[], deleted: readonly string[]): void {
    this.db.transaction(() => {
      for (const name of changed) {
        const row = this.get(peerKey(this.protocol, 'Sales Invoice', name))
        if (row) this.put('Sales Invoice', { ...(JSON.parse(row.json) as Doc), remarks: `${CHANGED_REMARK} (S4)` })
      }
      for (const name of deleted) {
        const row = this.get(peerKey(this.protocol, 'Sales Invoice', name))
        if (row) this.put('Sales Invoice', JSON.parse(row.json) as Doc, true)
      }
    })()
  }

  verify(tag: string, po: string): ServerView {
    const prefix = (doctype: string): string => peerKey(this.protocol, doctype, `${tag}-`)
    const live = (doctype: string): Doc[] => (this.db.prepare('SELECT json FROM docs WHERE key >= ? AND key < ? AND deleted = 0').all(prefix(doctype), `${prefix(doctype)}\uffff`) as { json: string }[]).map((r) => JSON.parse(r.json) as Doc)
    const invoices = live('Sales Invoice')
    const exists = (name: string): boolean => this.get(peerKey(this.protocol, 'Customer', name))?.deleted === 0
    const sample = invoices.find((d) => d['po_no'] === po)
    return {
      invoices: invoices.length, customers: live('Customer').length, linked: invoices.filter((d) => exists(String(d['customer']))).length,
      sample: sample ? { name: String(sample['name']), customer: String(sample['customer']) } : undefined,
    }
  }

  close(): void {
    this.db.close()
  }
}
