import { NAME_ENTRY, nullFields } from './index-entries.ts'
import { ABOVE_STRINGS, type DocKey } from './layout.ts'
import type { BoundRange, ReadSession } from './read-session.ts'

/**
 * The folded names of a DocType's documents whose `field` is NULL: no entry of the field holds
 * them, their name entries do. Name entries sort by their `nulls` first, so the walk visits the
 * first entry of each group and jumps past the group: a step per distinct set of NULL fields
 * (a handful per DocType), plus one getAllKeys per group that lists `field`, asked for at once.
 */
export async function nullDocKeys(reads: ReadSession, doctype: string, field: string): Promise<Set<string>> {
  const groups: Promise<unknown[][]>[] = []
  const names: BoundRange = { lower: [doctype, NAME_ENTRY], upper: [doctype, NAME_ENTRY, ABOVE_STRINGS], lowerOpen: false, upperOpen: true }
  await reads.walkDocs('ix', names, 'next', false, (cursor) => {
    const nulls = (cursor.key as readonly unknown[])[2]
    const past = [doctype, NAME_ENTRY, nulls, ABOVE_STRINGS]
    if (nullFields(nulls).includes(field)) groups.push(reads.docKeys('ix', [{ lower: [doctype, NAME_ENTRY, nulls], upper: past, lowerOpen: false, upperOpen: true }]))
    return { to: past }
  })
  const out = new Set<string>()
  for (const [keys] of await Promise.all(groups)) for (const [, key] of keys as DocKey[]) out.add(key)
  return out
}
