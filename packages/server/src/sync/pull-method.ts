import { Readable } from 'node:stream'
import { FrappeError } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { toFrappeError } from '../http/error-body.ts'
import { asUser, sessionUser } from '../http/execute.ts'
import type { Args } from '../http/request-args.ts'
import type { MethodAnswer, MethodCall } from '../methods/method-spec.ts'
import { countChanges, lastSeq } from './change-log.ts'
import { parsePullArgs, type PullArgs } from './pull-args.ts'
import { bootPage, type BootPageEnd } from './pull-boot.ts'
import { changesPage, type PageEnd, type PullPage } from './pull-changes.ts'
import { endLine, errorLine, metaLine } from './pull-lines.ts'
import { restrictedTrees } from './pull-window.ts'
import { encodeCursor, type BootPosition } from './sync-cursor.ts'
import { countVisible } from './visible-docs.ts'

/** Where an answer starts, fixed before its first byte. */
interface PullStart {
  readonly args: PullArgs
  readonly seq: number
  readonly boot: BootPosition | undefined
  /** The progress estimate of the whole pull, and the documents it brought so far. */
  readonly total: number
  readonly done: number
}

async function bootTotal(ctx: RequestContext, args: PullArgs): Promise<number> {
  let total = 0
  for (const d of args.doctypes) total += await countVisible(ctx, d)
  return total
}

/** Check the arguments and the cursor, and fix the starting position (boot: the log's head now). */
async function startPull(ctx: RequestContext, raw: Args): Promise<PullStart> {
  const args = parsePullArgs(ctx.site, ctx.user, raw)
  const head = await lastSeq(ctx.tx)
  const cursor = args.cursor
  if (!cursor) return { args, seq: head, boot: { index: 0, after: null }, total: await bootTotal(ctx, args), done: 0 }
  if (cursor.seq > head) throw new FrappeError('ValidationError', 'Invalid cursor: it is ahead of this server\'s change log. Pull again without a cursor to boot.')
  const scope = { doctypes: [...args.doctypes.map((d) => d.name), ...restrictedTrees(ctx)], user: ctx.user.name }
  const total = cursor.total ?? (cursor.boot ? await bootTotal(ctx, args) : await countChanges(ctx.tx, scope, cursor.seq))
  return { args, seq: cursor.seq, boot: cursor.boot, total, done: cursor.done ?? 0 }
}

function finish(start: PullStart, end: PageEnd | BootPageEnd): string {
  const done = start.done + end.sent
  const boot = 'boot' in end ? end.boot : undefined
  const more = end.hasMore ? { total: Math.max(start.total, done), done } : {}
  const cursor = encodeCursor({ seq: end.seq, scope: start.args.scope, boot, ...more })
  return endLine({ cursor, hasMore: end.hasMore, total: Math.max(start.total, done), reconcile: end.reconcile })
}

/** The answer's lines: meta, then the page, then `end` (or `error` once streaming began). */
async function* pullLines(page: PullPage, start: PullStart): AsyncGenerator<string> {
  yield page.doctypes.map(metaLine).join('')
  try {
    const end = start.boot ? yield* bootPage(page, start.seq, start.boot) : yield* changesPage(page, start.seq)
    yield finish(start, end)
  } catch (e) {
    yield errorLine(toFrappeError(e))
  }
}

/**
 * `outpost.sync.pull`: NDJSON streamed as it is read, each chunk in a short read transaction
 * of its own, so memory stays flat whatever `limit`, and writers are never held up long.
 * Everything that can refuse the whole request is checked before the first byte.
 */
export async function handlePull(call: MethodCall): Promise<MethodAnswer> {
  const user = await sessionUser(call.site, call.caller, call.allowGuest)
  const start = await asUser(call.site, user, true, (ctx) => startPull(ctx, call.args))
  const page: PullPage = { site: call.site, user, doctypes: start.args.doctypes, limit: start.args.limit }
  return { stream: Readable.from(pullLines(page, start), { highWaterMark: 1 }), contentType: 'application/x-ndjson; charset=utf-8' }
}
