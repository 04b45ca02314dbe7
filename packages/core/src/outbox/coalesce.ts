import type { Doc } from '@outpost/meta'
import type { Mutation } from './mutation.ts'

/** What appending a mutation does to the queue of one document. */
export interface CoalesceResult {
  /** Mutations to delete from the outbox. */
  readonly remove: readonly Mutation[]
  /** Mutations to rewrite in place. */
  readonly replace: readonly Mutation[]
  /** The mutation to append, if it still needs to be sent. */
  readonly append: Mutation | undefined
}

function mergePatch(a: Doc | undefined, b: Doc | undefined): Doc {
  return { ...(a ?? {}), ...(b ?? {}) }
}

/**
 * Offline edits fold together before they reach the server:
 * - an update of a document whose insert still waits (or was refused) folds into that insert,
 *   even behind a queued submit;
 * - an update on a waiting update merges into it (same base);
 * - a delete of a document whose insert is still waiting (or was refused) removes every queued
 *   change: nothing is sent;
 * - a delete drops waiting updates and keeps the first base.
 * A mutation in flight is never changed; a refused one takes the user's fix (and stays refused
 * until retried).
 */
export function coalesce(queued: readonly Mutation[], next: Mutation): CoalesceResult {
  // A refused mutation is folded into too: the user's fix must travel with the retry.
  const last = queued.at(-1)
  const lastOpen = last && !last.inflight ? last : undefined
  // The server has not got this document yet: the change travels inside its insert.
  const unsentInsert = queued[0]?.kind === 'insert' && !queued[0].inflight ? queued[0] : undefined
  if (next.kind === 'update' && unsentInsert) {
    return { remove: [], replace: [{ ...unsentInsert, doc: mergePatch(unsentInsert.doc, next.doc) }], append: undefined }
  }
  if (next.kind === 'update' && lastOpen && (lastOpen.kind === 'insert' || lastOpen.kind === 'update')) {
    return { remove: [], replace: [{ ...lastOpen, doc: mergePatch(lastOpen.doc, next.doc) }], append: undefined }
  }
  if (next.kind === 'delete') {
    // The server never saw this document (its insert waits or was refused): send nothing.
    const first = queued[0]
    if (first && first.kind === 'insert' && !first.inflight) return { remove: queued.slice(), replace: [], append: undefined }
    const trailingUpdates: Mutation[] = []
    for (let i = queued.length - 1; i >= 0 && queued[i]!.kind === 'update' && !queued[i]!.inflight; i--) trailingUpdates.unshift(queued[i]!)
    const base = trailingUpdates[0]?.baseModified ?? next.baseModified
    return { remove: trailingUpdates, replace: [], append: { ...next, baseModified: base } }
  }
  return { remove: [], replace: [], append: next }
}
