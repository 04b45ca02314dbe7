import type { Doc, DocType, Schema } from '@outpost/meta'
import { threeWayMerge, type FieldConflict } from './merge.ts'

export interface ConflictInput {
  readonly schema: Schema
  readonly doctype: DocType
  /** The server version the local change was made on. */
  readonly base: Doc
  readonly local: Doc
  readonly server: Doc
}

export interface ConflictDecision {
  /** What the document becomes locally. */
  readonly doc: Doc
  /** Push `doc` again on the server's new base. */
  readonly repush: boolean
  /** Local values that were overwritten; each becomes a Sync Conflict record. */
  readonly overwritten: readonly FieldConflict[]
}

export type ConflictResolver = (input: ConflictInput) => ConflictDecision
export type ConflictPolicy = 'merge' | 'server-wins' | 'client-wins' | ConflictResolver

function changedFields(input: ConflictInput): FieldConflict[] {
  const m = threeWayMerge(input.schema, input.doctype, input.base, input.local, input.server)
  return [...m.conflicts]
}

const RESOLVERS: Record<Exclude<ConflictPolicy, ConflictResolver>, ConflictResolver> = {
  merge(input) {
    const m = threeWayMerge(input.schema, input.doctype, input.base, input.local, input.server)
    return { doc: m.merged, repush: m.changedFromServer, overwritten: m.conflicts }
  },
  'server-wins': (input) => ({ doc: input.server, repush: false, overwritten: changedFields(input) }),
  'client-wins': (input) => ({ doc: { ...input.local, modified: input.server['modified'] }, repush: true, overwritten: [] }),
}

/**
 * Decide a conflict. Submitted and cancelled documents always follow the server; every local
 * value that does not survive is reported.
 */
export function resolveConflict(policy: ConflictPolicy, input: ConflictInput): ConflictDecision {
  if (Number(input.server['docstatus'] ?? 0) !== 0) {
    const m = threeWayMerge(input.schema, input.doctype, input.base, input.local, input.server)
    const lost = m.changedFromServer ? diffAsConflicts(input) : []
    return { doc: input.server, repush: false, overwritten: [...m.conflicts, ...lost.filter((c) => !m.conflicts.some((x) => x.field === c.field && x.row === c.row))] }
  }
  return (typeof policy === 'function' ? policy : RESOLVERS[policy])(input)
}

/** Local changes (against base) that the server's version does not carry. */
function diffAsConflicts(input: ConflictInput): FieldConflict[] {
  const out: FieldConflict[] = []
  for (const [k, v] of Object.entries(input.local)) {
    if (['modified', 'modified_by', 'docstatus', 'idx'].includes(k)) continue
    if (JSON.stringify(v ?? null) !== JSON.stringify(input.base[k] ?? null) && JSON.stringify(v ?? null) !== JSON.stringify(input.server[k] ?? null)) {
      out.push({ field: k, table: undefined, row: undefined, base: input.base[k], local: v, server: input.server[k] })
    }
  }
  return out
}
