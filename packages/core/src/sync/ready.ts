import { isTempName, type TempName } from '../ids.ts'
import type { Mutation } from '../outbox/mutation.ts'

/** Temp names a mutation refers to (not its own document's, not child rows'). */
export function tempReferences(m: Mutation): Set<TempName> {
  const out = new Set<TempName>()
  const visit = (value: unknown, key: string | undefined): void => {
    if (key === 'name' || key === 'parent') return
    if (isTempName(value) && value !== m.name) out.add(value)
    else if (Array.isArray(value)) value.forEach((v) => visit(v, undefined))
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k)
  }
  visit(m.doc, undefined)
  return out
}

export type Readiness = 'ready' | 'waiting' | 'held' | 'backoff'

/**
 * Causal order. A mutation waits for earlier mutations of its document and for the insert of
 * every document it names by temp name; behind a refused mutation it is held, not failed.
 */
export function readiness(m: Mutation, queue: readonly Mutation[], now: number): Readiness {
  if (m.rejected) return 'held'
  const earlier = queue.filter((q) => q.seq < m.seq)
  const sameDoc = earlier.filter((q) => q.doctype === m.doctype && q.name === m.name)
  if (sameDoc.some((q) => q.rejected)) return 'held'
  if (sameDoc.length > 0) return 'waiting'
  for (const ref of tempReferences(m)) {
    const insert = queue.find((q) => q.kind === 'insert' && q.name === ref)
    if (insert?.rejected) return 'held'
    if (insert) return 'waiting'
  }
  return m.notBefore > now ? 'backoff' : 'ready'
}

/** The first mutation in push order that may go now. */
export function nextReady(queue: readonly Mutation[], now: number): { next: Mutation | undefined; backoff: boolean } {
  let backoff = false
  for (const m of queue) {
    const r = readiness(m, queue, now)
    if (r === 'ready') return { next: m, backoff }
    if (r === 'backoff') backoff = true
  }
  return { next: undefined, backoff }
}
