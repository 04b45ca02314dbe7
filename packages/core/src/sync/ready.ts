import { isTempName, type TempName } from '../ids.ts'
import { waitsOut } from './backoff.ts'
import { tempReferences } from '../outbox/references.ts'
import type { Mutation } from '../outbox/mutation.ts'

export type Readiness = 'ready' | 'waiting' | 'held' | 'backoff'

const docKey = (m: Mutation): string => `${m.doctype}\u0000${m.name}`

export interface BatchRules {
  readonly now: number
  readonly max: number
  /** The server translates temp names inside a batch: a mutation may follow the insert it names. */
  readonly tempNames: boolean
  /** A sync someone asked for: mutations waiting out a backoff go too (not past a `Retry-After`). */
  readonly retryBackoff?: boolean
}

/** A queued mutation with what its readiness depends on, worked out once. */
interface Entry {
  readonly m: Mutation
  readonly key: string
  readonly refs: ReadonlySet<TempName>
}

const bySeq = (a: Entry, b: Entry): number => a.m.seq - b.m.seq

/**
 * The queue as a push sees it, indexed so each readiness check is cheap, and kept up to date
 * mutation by mutation (`set`, `remove`) so a long push does not read the outbox again per batch.
 * Causal order: a mutation waits for earlier mutations of its document and for the insert of
 * every document it names by temp name; behind a refused mutation it is held, not failed.
 */
export class PushQueue {
  /** In push (seq) order. */
  #entries = new Map<number, Entry>()
  #lastSeq = -Infinity
  readonly #byDoc = new Map<string, Entry[]>()
  readonly #insertByName = new Map<string, Entry>()

  constructor(mutations: readonly Mutation[]) {
    for (const m of [...mutations].sort((a, b) => a.seq - b.seq)) this.#add(m)
  }

  /** Every queued mutation, in push order. */
  get mutations(): Mutation[] {
    return [...this.#entries.values()].map((e) => e.m)
  }

  get size(): number {
    return this.#entries.size
  }

  #add(m: Mutation): void {
    const entry: Entry = { m, key: docKey(m), refs: tempReferences(m) }
    this.#entries.set(m.seq, entry)
    // A sequence below the last one (rare: a mutation changed document) restores push order.
    if (m.seq < this.#lastSeq) this.#entries = new Map([...this.#entries.entries()].sort((a, b) => a[0] - b[0]))
    this.#lastSeq = Math.max(this.#lastSeq, m.seq)
    const list = this.#byDoc.get(entry.key) ?? []
    list.push(entry)
    list.sort(bySeq)
    this.#byDoc.set(entry.key, list)
    if (m.kind === 'insert') this.#insertByName.set(m.name, entry)
  }

  /** Forget a mutation (it left the outbox). */
  remove(seq: number): void {
    const entry = this.#entries.get(seq)
    if (!entry) return
    this.#entries.delete(seq)
    const list = (this.#byDoc.get(entry.key) ?? []).filter((e) => e.m.seq !== seq)
    if (list.length > 0) this.#byDoc.set(entry.key, list)
    else this.#byDoc.delete(entry.key)
    if (this.#insertByName.get(entry.m.name)?.m.seq === seq) this.#insertByName.delete(entry.m.name)
  }

  /** Add a mutation, or replace it by its new state (refused, renamed, sent, say). */
  set(m: Mutation): void {
    const existing = this.#entries.get(m.seq)
    if (existing && existing.key === docKey(m) && existing.m.kind === m.kind) {
      this.#replace(existing, m)
      return
    }
    this.remove(m.seq)
    this.#add(m)
  }

  /** Same document and kind: the entry changes in place, so push order needs no repair. */
  #replace(existing: Entry, m: Mutation): void {
    const entry: Entry = { m, key: existing.key, refs: tempReferences(m) }
    this.#entries.set(m.seq, entry)
    const list = this.#byDoc.get(entry.key)!
    list[list.indexOf(existing)] = entry
    if (m.kind === 'insert') this.#insertByName.set(m.name, entry)
  }

  #earlier(e: Entry): Entry[] {
    return (this.#byDoc.get(e.key) ?? []).filter((q) => q.m.seq < e.m.seq)
  }

  readiness(m: Mutation, now: number, retryBackoff = false): Readiness {
    const e = this.#entries.get(m.seq) ?? { m, key: docKey(m), refs: tempReferences(m) }
    if (m.rejected) return 'held'
    const earlier = this.#earlier(e)
    if (earlier.some((q) => q.m.rejected)) return 'held'
    if (earlier.length > 0) return 'waiting'
    for (const ref of e.refs) {
      const insert = this.#insertByName.get(ref)
      if (insert?.m.rejected) return 'held'
      if (insert) return 'waiting'
    }
    return waitsOut(m, now, retryBackoff) ? 'backoff' : 'ready'
  }

  /** Some mutation waits for its backoff to end. */
  someInBackoff(now: number): boolean {
    for (const e of this.#entries.values()) if (e.m.notBefore > now && this.readiness(e.m, now) === 'backoff') return true
    return false
  }

  /**
   * May `e` go in a batch with `batch` ahead of it? Yes when it is ready, or when all it waits
   * for is in the batch and the server can tell what it means there: temp names are translated
   * (`tempNames`), and it carries no base that the earlier changes of its document will have made
   * stale (a base is checked: such a change waits for the next batch, rebased). What it waits for
   * must not be on its way in another request: that one may still be refused.
   */
  #batchable(e: Entry, batch: ReadonlySet<number>, rules: BatchRules): boolean {
    const m = e.m
    if (m.rejected || waitsOut(m, rules.now, rules.retryBackoff === true)) return false
    const earlier = this.#earlier(e)
    if (earlier.length > 0) {
      if (m.baseModified !== undefined || (isTempName(m.name) && !rules.tempNames)) return false
      if (!earlier.every((q) => batch.has(q.m.seq))) return false
    }
    for (const ref of e.refs) {
      const insert = this.#insertByName.get(ref)
      if (insert && !(rules.tempNames && batch.has(insert.m.seq))) return false
    }
    return true
  }

  /**
   * The next batch in push order: mutations that are ready or wait only for one before them in
   * it. `skip` (sent and not settled yet, say) never goes, and what waits for it waits.
   */
  batch(rules: BatchRules, skip: ReadonlySet<number> = new Set()): Mutation[] {
    const out: Mutation[] = []
    const seqs = new Set<number>()
    for (const e of this.#entries.values()) {
      if (out.length >= rules.max) break
      if (skip.has(e.m.seq) || !this.#batchable(e, seqs, rules)) continue
      out.push(e.m)
      seqs.add(e.m.seq)
    }
    return out
  }
}
