import type { Doc } from '@outpost/meta'
import type { SqlTx } from '../db/sql-db.ts'
import type { PushMutation } from './push-args.ts'
import { isTempName, resolveTempNames, type ResolvedTempName } from './temp-name-store.ts'

/**
 * Temp names a mutation refers to: its document's name (unless it inserts that document),
 * and every value of its document and child rows that is one (Links, Dynamic Links, row
 * values). Temp names carry a uuid: a value equal to one is that document, whatever holds it.
 */
export function tempNamesIn(m: PushMutation): Set<string> {
  const out = new Set<string>()
  if (m.kind !== 'insert' && isTempName(m.name)) out.add(m.name)
  const doc = m.doc ?? {}
  for (const key of Object.keys(doc)) {
    const value = doc[key]
    if (key === 'name') continue
    if (isTempName(value)) out.add(value)
    else if (Array.isArray(value)) {
      for (const row of value) {
        if (typeof row !== 'object' || row === null) continue
        for (const k of Object.keys(row)) {
          const v = (row as Doc)[k]
          if (k !== 'name' && k !== 'parent' && isTempName(v)) out.add(v)
        }
      }
    }
  }
  return out
}

function translateValue(value: unknown, resolved: ReadonlyMap<string, ResolvedTempName>): unknown {
  if (typeof value === 'string') return resolved.get(value)?.name ?? value
  if (!Array.isArray(value)) return value
  return value.map((row: unknown) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return row
    return Object.fromEntries(Object.entries(row as Doc).map(([k, v]) => [k, typeof v === 'string' ? resolved.get(v)?.name ?? v : v]))
  })
}

/** The mutation with every temp name the server already resolved replaced by the server's name. */
export async function translateTempNames(tx: SqlTx, m: PushMutation): Promise<PushMutation> {
  const temps = tempNamesIn(m)
  if (temps.size === 0) return m
  const resolved = await resolveTempNames(tx, [...temps])
  if (resolved.size === 0) return m
  // An insert's own temp name is its identity, not a reference: it stays (see insertMutation).
  const own = m.name === undefined || m.kind === 'insert' ? undefined : resolved.get(m.name)
  const name = own && own.doctype === m.doctype ? own.name : m.name
  const doc = m.doc === undefined ? undefined : Object.fromEntries(Object.entries(m.doc).map(([k, v]) => [k, translateValue(v, resolved)]))
  return { ...m, name, doc }
}
