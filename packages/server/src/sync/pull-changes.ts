import type { Doc, DocType } from '@outpost/meta'
import type { RequestContext, Site } from '../context.ts'
import { asUser } from '../http/execute.ts'
import type { UserContext } from '../permissions/user-context.ts'
import type { PullStep, StateStep } from './fold-changes.ts'
import { deleteLine, docLine, renameLine } from './pull-lines.ts'
import { readWindow, type PullWindow } from './pull-window.ts'
import { visibleDocsNamed } from './visible-docs.ts'
import { foldNocase } from '../storage/identifiers.ts'

/** What one page of a pull ended with. */
export interface PageEnd {
  readonly seq: number
  readonly hasMore: boolean
  /** doc and delete lines sent. */
  readonly sent: number
  readonly reconcile: readonly string[]
}

export interface PullPage {
  readonly site: Site
  readonly user: UserContext
  readonly doctypes: readonly DocType[]
  readonly limit: number
}

/** Documents resolved per read transaction: writers wait at most that long. */
const CHUNK = 200

/** The visible documents a chunk's state steps name, keyed by doctype and lower-cased name. */
async function loadStates(ctx: RequestContext, page: PullPage, window: PullWindow, steps: readonly PullStep[]): Promise<Map<string, Doc>> {
  const out = new Map<string, Doc>()
  for (const doctype of page.doctypes) {
    const names = steps.filter((s): s is StateStep => s.kind === 'state' && s.doctype === doctype.name && window.visible.has(s.record)).map((s) => s.name)
    if (names.length === 0) continue
    for (const [key, doc] of await visibleDocsNamed(ctx, doctype, names)) out.set(`${doctype.name}\u0000${key}`, doc)
  }
  return out
}

/** The line of one state step, or none when the client cannot hold the document. */
function stateLine(step: StateStep, window: PullWindow, docs: ReadonlyMap<string, Doc>): string {
  if (!step.gone && window.visible.has(step.record)) {
    const doc = docs.get(`${step.doctype}\u0000${foldNocase(step.name)}`)
    if (doc) return docLine(step.doctype, doc)
  } else if (step.onlyInserts && !step.gone) {
    return ''
  }
  return deleteLine(step.doctype, step.name)
}

/**
 * Lines of a chunk of steps. A rename of a document the user may no longer read is sent as
 * the deletion of its old name: the client drops its copy, and learns no new name.
 */
function chunkLines(window: PullWindow, steps: readonly PullStep[], docs: ReadonlyMap<string, Doc>): { text: string; sent: number } {
  let text = ''
  let sent = 0
  for (const step of steps) {
    if (step.kind === 'rename') {
      text += window.visible.has(step.record) ? renameLine(step.doctype, step.from, step.to) : deleteLine(step.doctype, step.from)
      continue
    }
    const l = stateLine(step, window, docs)
    if (l !== '') sent++
    text += l
  }
  return { text, sent }
}

/** Chunks of steps holding at most CHUNK state steps each. */
function* chunks(steps: readonly PullStep[]): Generator<PullStep[]> {
  let current: PullStep[] = []
  let states = 0
  for (const step of steps) {
    current.push(step)
    if (step.kind === 'state' && ++states === CHUNK) {
      yield current
      current = []
      states = 0
    }
  }
  if (current.length > 0) yield current
}

/** An incremental page: the change-log window after `after`, streamed chunk by chunk. */
export async function* changesPage(page: PullPage, after: number): AsyncGenerator<string, PageEnd> {
  const window = await asUser(page.site, page.user, true, (ctx) => readWindow(ctx, page.doctypes, after, page.limit))
  let sent = 0
  for (const steps of chunks(window.steps)) {
    const out = await asUser(page.site, page.user, true, async (ctx) => chunkLines(window, steps, await loadStates(ctx, page, window, steps)))
    sent += out.sent
    if (out.text !== '') yield out.text
  }
  return { seq: window.lastSeq, hasMore: window.hasMore, sent, reconcile: [...window.reconcile].sort() }
}
