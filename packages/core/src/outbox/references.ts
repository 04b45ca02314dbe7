import { isTempName, type TempName } from '../ids.ts'
import type { Mutation } from './mutation.ts'

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
