import { foldCase, type Doc } from '@outpost/meta'
import type { RecordKind } from '@outpost/core'

/** A buffered document: the new version, or null for a deletion. */
export type PendingDoc = Doc | null
/** A buffered record: its new value, or null for a deletion. */
export type PendingRecord = { readonly value: unknown } | null

/**
 * The changes of one `write(fn)`, held in memory until `fn` has finished and then applied in
 * one IndexedDB transaction (flush.ts). Keys: folded names per DocType, record keys per kind.
 */
export class WriteBuffer {
  readonly docs = new Map<string, Map<string, PendingDoc>>()
  readonly records = new Map<RecordKind, Map<string, PendingRecord>>()

  pendingDocs(doctype: string): ReadonlyMap<string, PendingDoc> | undefined {
    const m = this.docs.get(doctype)
    return m && m.size > 0 ? m : undefined
  }

  pendingRecords(kind: RecordKind): ReadonlyMap<string, PendingRecord> | undefined {
    const m = this.records.get(kind)
    return m && m.size > 0 ? m : undefined
  }

  setDoc(doctype: string, name: string, doc: PendingDoc): void {
    const m = this.docs.get(doctype) ?? new Map<string, PendingDoc>()
    this.docs.set(doctype, m)
    // a document replaced under another spelling keeps one entry: the latest put wins
    m.set(foldCase(name), doc)
  }

  setRecord(kind: RecordKind, key: string, value: PendingRecord): void {
    const m = this.records.get(kind) ?? new Map<string, PendingRecord>()
    this.records.set(kind, m)
    m.set(key, value)
  }

  get isEmpty(): boolean {
    return [...this.docs.values(), ...this.records.values()].every((m) => m.size === 0)
  }
}
