import { isTempName } from '../ids.ts'
import { tempReferences } from '../outbox/references.ts'
import type { Mutation } from '../outbox/mutation.ts'

export type Readiness = 'ready' | 'waiting' | 'held' | 'backoff'

const docKey = (m: Mutation): string => `${m.doctype}\u0000${m.name}`

export interface BatchRules {
  readonly now: number
  readonly max: number
  /** The server translates temp names inside a batch: a mutation may follow the insert it names. */
  readonly tempNames: boolean
}

/**
 * The queue as one push pass sees it, indexed so each readiness check is cheap.
 * Causal order: a mutation waits for earlier mutations of its document and for the insert of
 * every document it names by temp name; behind a refused mutation it is held, not failed.
 */
export class PushQueue {
  readonly #byDoc = new Map<string, Mutation[]>()
  readonly #insertByName = new Map<string, Mutation>()

  constructor(readonly mutations: readonly Mutation[]) {
    for (const m of mutations) this.#add(m)
  }

  #add(m: Mutation): void {
    const list = this.#byDoc.get(docKey(m)) ?? []
    list.push(m)
    list.sort((a, b) => a.seq - b.seq)
    this.#byDoc.set(docKey(m), list)
    if (m.kind === 'insert') this.#insertByName.set(m.name, m)
  }

  remove(m: Mutation): void {
    const list = (this.#byDoc.get(docKey(m)) ?? []).filter((q) => q.seq !== m.seq)
    if (list.length > 0) this.#byDoc.set(docKey(m), list)
    else this.#byDoc.delete(docKey(m))
    if (this.#insertByName.get(m.name)?.seq === m.seq) this.#insertByName.delete(m.name)
  }

  /** Replace a mutation by its new state (refused, say). */
  update(m: Mutation): void {
    this.remove(m)
    this.#add(m)
  }

  readiness(m: Mutation, now: number): Readiness {
    if (m.rejected) return 'held'
    const earlier = (this.#byDoc.get(docKey(m)) ?? []).filter((q) => q.seq < m.seq)
    if (earlier.some((q) => q.rejected)) return 'held'
    if (earlier.length > 0) return 'waiting'
    for (const ref of tempReferences(m)) {
      const insert = this.#insertByName.get(ref)
      if (insert?.rejected) return 'held'
      if (insert) return 'waiting'
    }
    return m.notBefore > now ? 'backoff' : 'ready'
  }

  /**
   * May `m` go in a batch with `batch` ahead of it? Yes when it is ready, or when all it waits
   * for is in the batch and the server can tell what it means there: temp names are translated
   * (`tempNames`), and it carries no base that the earlier changes of its document will have made
   * stale (a base is checked: such a change waits for the next batch, rebased).
   */
  #batchable(m: Mutation, batch: ReadonlySet<number>, rules: BatchRules): boolean {
    if (m.rejected || m.notBefore > rules.now) return false
    const earlier = (this.#byDoc.get(docKey(m)) ?? []).filter((q) => q.seq < m.seq)
    if (earlier.length > 0) {
      if (m.baseModified !== undefined || (isTempName(m.name) && !rules.tempNames)) return false
      if (!earlier.every((q) => batch.has(q.seq))) return false
    }
    for (const ref of tempReferences(m)) {
      const insert = this.#insertByName.get(ref)
      if (insert && !(rules.tempNames && batch.has(insert.seq))) return false
    }
    return true
  }

  /** The next batch in push order: mutations that are ready or wait only for one before them in it. */
  batch(rules: BatchRules): Mutation[] {
    const out: Mutation[] = []
    const seqs = new Set<number>()
    for (const m of this.mutations) {
      if (out.length >= rules.max) break
      if (!this.#batchable(m, seqs, rules)) continue
      out.push(m)
      seqs.add(m.seq)
    }
    return out
  }
}
