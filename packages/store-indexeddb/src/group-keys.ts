import { NAME_ENTRY, parseGroup, type Group } from './index-entries.ts'
import { ABOVE_STRINGS, type DocKey } from './layout.ts'
import type { BoundRange, ReadSession } from './read-session.ts'

/**
 * The folded names of a DocType's documents whose group passes `test` (index-entries.ts): name
 * entries sort by group first, so the walk visits the first entry of each group and jumps past
 * it, a step per distinct group (a handful per DocType), plus one getAllKeys per group that
 * passes, asked for at once.
 */
export async function groupDocKeys(reads: ReadSession, doctype: string, test: (group: Group) => boolean): Promise<Set<string>> {
  const lists = await Promise.all(await passingGroups(reads, doctype, test, (range) => reads.docKeys('ix', [range])))
  const out = new Set<string>()
  for (const [keys] of lists) for (const [, key] of keys as DocKey[]) out.add(key)
  return out
}

/** How many of a DocType's documents have a group that passes `test`: the index counts each passing group. */
export async function groupCount(reads: ReadSession, doctype: string, test: (group: Group) => boolean): Promise<number> {
  const counts = await Promise.all(await passingGroups(reads, doctype, test, (range) => reads.countDocs('ix', range)))
  return counts.reduce((sum, n) => sum + n, 0)
}

/** Walk the groups, asking `read` (without waiting) for the name entries of each one that passes. */
async function passingGroups<T>(reads: ReadSession, doctype: string, test: (group: Group) => boolean, read: (range: BoundRange) => Promise<T>): Promise<Promise<T>[]> {
  const asked: Promise<T>[] = []
  const names: BoundRange = { lower: [doctype, NAME_ENTRY], upper: [doctype, NAME_ENTRY, ABOVE_STRINGS], lowerOpen: false, upperOpen: true }
  await reads.walkDocs('ix', names, 'next', false, (cursor) => {
    const group = (cursor.key as readonly unknown[])[2]
    const past = [doctype, NAME_ENTRY, group, ABOVE_STRINGS]
    if (test(parseGroup(group))) asked.push(read({ lower: [doctype, NAME_ENTRY, group], upper: past, lowerOpen: false, upperOpen: true }))
    return { to: past }
  })
  return asked
}

/** The folded names of a DocType's documents whose entry field `field` is NULL: no entry of the field holds them. */
export const nullDocKeys = (reads: ReadSession, doctype: string, field: string): Promise<Set<string>> => groupDocKeys(reads, doctype, (g) => g.nulls.includes(field))
