import { asUser } from '../http/execute.ts'
import { readChanges } from './change-log.ts'
import type { PageEnd, PullPage } from './pull-changes.ts'
import { docLine } from './pull-lines.ts'
import { restrictedTrees } from './pull-window.ts'
import type { BootPosition } from './sync-cursor.ts'
import { visibleDocsAfter } from './visible-docs.ts'

/** Documents read per transaction: writers wait at most that long, and memory holds no more. */
const CHUNK = 200

export interface BootPageEnd extends PageEnd {
  /** Where the snapshot stands; undefined once every DocType is read. */
  readonly boot: BootPosition | undefined
}

/** Whether the change log already holds entries after the snapshot's position. */
function changesAfter(page: PullPage, seq: number): Promise<boolean> {
  return asUser(page.site, page.user, true, async (ctx) => {
    const scope = { doctypes: [...page.doctypes.map((d) => d.name), ...restrictedTrees(ctx)], user: ctx.user.name }
    return (await readChanges(ctx.tx, scope, seq, 1)).length > 0
  })
}

/**
 * A snapshot page: readable documents in name order, DocType after DocType, from `start`.
 * Each chunk is its own short read transaction; a change committed meanwhile is in the change
 * log after `seq`, which the pull delivers once the snapshot is done.
 */
export async function* bootPage(page: PullPage, seq: number, start: BootPosition): AsyncGenerator<string, BootPageEnd> {
  let { index, after } = start
  let sent = 0
  while (index < page.doctypes.length && sent < page.limit) {
    const doctype = page.doctypes[index]!
    const want = Math.min(CHUNK, page.limit - sent)
    const docs = await asUser(page.site, page.user, true, (ctx) => visibleDocsAfter(ctx, doctype, after, want))
    sent += docs.length
    if (docs.length > 0) yield docs.map((d) => docLine(doctype.name, d)).join('')
    if (docs.length < want) {
      index++
      after = null
    } else {
      after = String(docs[docs.length - 1]!['name'])
    }
  }
  const boot = index < page.doctypes.length ? { index, after } : undefined
  const hasMore = boot !== undefined || await changesAfter(page, seq)
  return { seq, hasMore, sent, reconcile: [], boot }
}
