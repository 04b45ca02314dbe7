import type { DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { readChanges, ROLE_CHANGE, USER_PERMISSION_CHANGE, type ChangeEntry, type ChangeScope } from './change-log.ts'
import { ChangeFolder, type DocRecord, type PullStep } from './fold-changes.ts'
import { visibleNames } from './visible-docs.ts'
import { foldNocase } from '../storage/identifiers.ts'

/** The change-log entries one incremental answer covers, folded. */
export interface PullWindow {
  readonly steps: readonly PullStep[]
  /** Ids of the followed documents the user may read now. */
  readonly visible: ReadonlySet<number>
  /** Requested DocTypes whose visibility changed for the user. */
  readonly reconcile: ReadonlySet<string>
  /** The seq of the last entry covered. */
  readonly lastSeq: number
  readonly hasMore: boolean
}

const SCAN_PAGE = 1000
/** Entries one answer reads at most, per document it may send: a document edited a million times does not make one answer read a million rows. */
const SCAN_PER_DOC = 8

/** DocTypes whose visibility for this user depends on `allow` (get_list's match conditions: the name, or a Link on the parent). */
function affectedBy(doctypes: readonly DocType[], allow: string | null): string[] {
  if (allow === null) return doctypes.map((d) => d.name)
  return doctypes.filter((d) => d.name === allow || d.linkFields.some((f) => f.fieldtype === 'Link' && f.options === allow && !f.ignoreUserPermissions)).map((d) => d.name)
}

/**
 * Tree DocTypes the user is restricted on: moving a node changes which documents the
 * restriction lets through (descendants count), without touching those documents.
 */
export function restrictedTrees(ctx: RequestContext): string[] {
  return [...ctx.user.restrictedDoctypes].filter((d) => ctx.site.schema.get(d)?.isTree === true).sort()
}

class WindowReader {
  readonly folder = new ChangeFolder()
  readonly reconcile = new Set<string>()
  readonly #requested: ReadonlySet<string>
  readonly #trees: ReadonlySet<string>

  constructor(readonly doctypes: readonly DocType[], trees: readonly string[]) {
    this.#requested = new Set(doctypes.map((d) => d.name))
    this.#trees = new Set(trees)
  }

  /** Whether the answer is full before this entry. */
  full(entry: ChangeEntry, limit: number): boolean {
    return this.#requested.has(entry.doctype) && this.folder.size >= limit && this.folder.isNew(entry)
  }

  add(entry: ChangeEntry): void {
    if (entry.doctype === ROLE_CHANGE) this.#mark(affectedBy(this.doctypes, null))
    else if (entry.doctype === USER_PERMISSION_CHANGE) this.#mark(affectedBy(this.doctypes, entry.fromName))
    if (this.#trees.has(entry.doctype) && entry.op !== 'insert') this.#mark(affectedBy(this.doctypes, entry.doctype))
    if (this.#requested.has(entry.doctype)) this.folder.add(entry)
  }

  #mark(doctypes: readonly string[]): void {
    for (const d of doctypes) this.reconcile.add(d)
  }
}

/** Read entries after `after` until `limit` documents are followed or the scan budget is spent. */
async function scan(ctx: RequestContext, reader: WindowReader, scope: ChangeScope, after: number, limit: number): Promise<number> {
  let last = after
  let budget = Math.max(limit * SCAN_PER_DOC, SCAN_PAGE)
  for (;;) {
    const entries = await readChanges(ctx.tx, scope, last, Math.min(SCAN_PAGE, budget))
    for (const e of entries) {
      if (reader.full(e, limit)) return last
      reader.add(e)
      last = e.seq
    }
    budget -= entries.length
    if (entries.length < SCAN_PAGE || budget <= 0) return last
  }
}

/** Ids of the records (not gone) whose document the user may read now. */
async function visibleRecords(ctx: RequestContext, doctypes: readonly DocType[], records: readonly DocRecord[]): Promise<Set<number>> {
  const out = new Set<number>()
  for (const doctype of doctypes) {
    const mine = records.filter((r) => r.doctype === doctype.name && !r.closed)
    if (mine.length === 0) continue
    const names = await visibleNames(ctx, doctype, mine.map((r) => r.name))
    for (const r of mine) if (names.has(foldNocase(r.name))) out.add(r.id)
  }
  return out
}

/** Read and fold the next window of the change log for this user, in one read transaction. */
export async function readWindow(ctx: RequestContext, doctypes: readonly DocType[], after: number, limit: number): Promise<PullWindow> {
  const trees = restrictedTrees(ctx)
  const scope: ChangeScope = { doctypes: [...new Set([...doctypes.map((d) => d.name), ...trees])], user: ctx.user.name }
  const reader = new WindowReader(doctypes, trees)
  const lastSeq = await scan(ctx, reader, scope, after, limit)
  const hasMore = (await readChanges(ctx.tx, scope, lastSeq, 1)).length > 0
  const visible = await visibleRecords(ctx, doctypes, reader.folder.records())
  return { steps: reader.folder.steps(), visible, reconcile: reader.reconcile, lastSeq, hasMore }
}
