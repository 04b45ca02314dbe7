import { isTempName, type TempName } from '../ids.ts'
import type { Mutation } from './mutation.ts'

/** Temp names a mutation refers to (not its own document's, not child rows'). */
export function tempReferences(m: Mutation): Set<TempName> {
  const out = new Set<TempName>()
  // Runs for every queued mutation a push looks at: a plain walk, the pattern only for `new-…` text.
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.startsWith('new-') && value !== m.name && isTempName(value)) out.add(value)
    } else if (Array.isArray(value)) {
      for (const v of value) visit(v)
    } else if (value !== null && typeof value === 'object') {
      const o = value as Record<string, unknown>
      for (const k of Object.keys(o)) if (k !== 'name' && k !== 'parent') visit(o[k])
    }
  }
  visit(m.doc)
  return out
}
