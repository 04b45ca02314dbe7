import type { ChangeEntry } from './change-log.ts'
import { foldNocase } from '../storage/identifiers.ts'

/**
 * Several change-log entries of one document fold into one line carrying its current state.
 *
 * A document is followed through its renames (a record per document identity). Renames keep
 * their own place in seq order, so the client's names move exactly as the server's did; the
 * state line of a document goes where its last entry was, after its renames. A name taken
 * over by another document (deleted X, then Y renamed to X) closes the old record: its state
 * is "gone" whatever the database now holds under that name.
 */
export type PullStep = RenameStep | StateStep

export interface RenameStep {
  readonly kind: 'rename'
  /** The document followed (an index into `records()`). */
  readonly record: number
  readonly doctype: string
  readonly from: string
  readonly to: string
}

export interface StateStep {
  readonly kind: 'state'
  readonly record: number
  readonly doctype: string
  readonly name: string
  /** Its name went to another document: it is gone, whatever the database holds under that name. */
  readonly gone: boolean
  /** It was only inserted since the cursor: a client cannot hold it unless it could read it. */
  readonly onlyInserts: boolean
}

/** One document identity followed through the entries. */
export interface DocRecord {
  readonly id: number
  readonly doctype: string
  name: string
  lastSeq: number
  closed: boolean
  onlyInserts: boolean
}

interface RenameEvent {
  readonly seq: number
  readonly record: number
  readonly doctype: string
  readonly from: string
  readonly to: string
}

const keyOf = (doctype: string, name: string): string => `${doctype}\u0000${foldNocase(name)}`

export class ChangeFolder {
  readonly #records: DocRecord[] = []
  readonly #open = new Map<string, DocRecord>()
  readonly #renames: RenameEvent[] = []

  /** Documents followed so far. */
  get size(): number {
    return this.#records.length
  }

  /** Whether an entry would start following another document. */
  isNew(entry: ChangeEntry): boolean {
    return !this.#open.has(keyOf(entry.doctype, entry.op === 'rename' ? entry.fromName ?? entry.name : entry.name))
  }

  /** The documents followed, by id. */
  records(): readonly DocRecord[] {
    return this.#records
  }

  add(entry: ChangeEntry): void {
    if (entry.op === 'rename' && entry.fromName !== null) return this.#rename(entry, entry.fromName)
    const rec = this.#record(entry.doctype, entry.name)
    rec.lastSeq = entry.seq
    if (entry.op !== 'insert') rec.onlyInserts = false
  }

  #record(doctype: string, name: string): DocRecord {
    const key = keyOf(doctype, name)
    let rec = this.#open.get(key)
    if (!rec) {
      rec = { id: this.#records.length, doctype, name, lastSeq: 0, closed: false, onlyInserts: true }
      this.#records.push(rec)
      this.#open.set(key, rec)
    }
    return rec
  }

  #rename(entry: ChangeEntry, from: string): void {
    const rec = this.#record(entry.doctype, from)
    const fromKey = keyOf(entry.doctype, from)
    const toKey = keyOf(entry.doctype, entry.name)
    const holder = this.#open.get(toKey)
    if (holder && holder !== rec) holder.closed = true
    this.#open.delete(fromKey)
    this.#open.set(toKey, rec)
    rec.name = entry.name
    rec.lastSeq = entry.seq
    rec.onlyInserts = false
    if (from !== entry.name) this.#renames.push({ seq: entry.seq, record: rec.id, doctype: entry.doctype, from, to: entry.name })
  }

  /** The lines to send, in order: renames where they happened, each document's state after its last entry. */
  steps(): PullStep[] {
    const states = [...this.#records].sort((a, b) => a.lastSeq - b.lastSeq)
    const out: PullStep[] = []
    let r = 0
    for (const rec of states) {
      for (; r < this.#renames.length && this.#renames[r]!.seq <= rec.lastSeq; r++) out.push(renameStep(this.#renames[r]!))
      out.push({ kind: 'state', record: rec.id, doctype: rec.doctype, name: rec.name, gone: rec.closed, onlyInserts: rec.onlyInserts })
    }
    for (; r < this.#renames.length; r++) out.push(renameStep(this.#renames[r]!))
    return out
  }
}

function renameStep(e: RenameEvent): PullStep {
  return { kind: 'rename', record: e.record, doctype: e.doctype, from: e.from, to: e.to }
}
