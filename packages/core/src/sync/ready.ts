import { tempReferences } from '../outbox/references.ts'
import type { Mutation } from '../outbox/mutation.ts'

export type Readiness = 'ready' | 'waiting' | 'held' | 'backoff'

const docKey = (m: Mutation): string => `${m.doctype}\u0000${m.name}`

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
}
