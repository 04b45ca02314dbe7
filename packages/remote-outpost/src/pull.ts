import type { PullOutcome, PullRequest, RemoteError, RemoteFailure } from '@outpost/core'
import { stripHtml, type FrappeHttp } from '@outpost/remote-frappe'
import { readLines } from './ndjson.ts'
import { PageBuilder } from './page-builder.ts'
import { parseLine, type PullLine } from './pull-lines.ts'

export const PULL_PATH = '/api/method/outpost.sync.pull'
/** The protocol's bounds on `limit`. */
const MIN_LIMIT = 1
const MAX_LIMIT = 5000

const error = (excType: string, message: string, httpStatus?: number): RemoteError => ({ excType, httpStatus, message, messages: message === '' ? [] : [message] })

/** Not a whole answer: nothing of it is applied, the engine asks again from its cursor. */
const incomplete = (message: string): RemoteFailure => ({ kind: 'offline', error: error('IncompleteResponse', message) })
const invalid = (message: string): RemoteFailure => ({ kind: 'offline', error: error('InvalidResponse', message) })

const AUTH = new Set(['AuthenticationError', 'SessionExpired'])
const REFUSED = new Set(['PermissionError', 'DoesNotExistError', 'ValidationError', 'CSRFTokenError'])

/** An `error` line: the server failed after the answer began. */
function errorOutcome(line: Extract<PullLine, { type: 'error' }>): RemoteFailure {
  const e = error(line.excType, stripHtml(line.message) || line.excType)
  if (AUTH.has(line.excType)) return { kind: 'auth', error: e }
  if (REFUSED.has(line.excType)) return { kind: 'rejected', error: e }
  return { kind: 'retry', retryAfterMs: undefined, error: e }
}

/** Reads an NDJSON answer line by line as it arrives; whole with its `end` line, or a failure. */
async function readPage(res: Response, doctype: string): Promise<PullOutcome> {
  const page = new PageBuilder(doctype)
  const seen: { end?: Extract<PullLine, { type: 'end' }>; failure?: RemoteFailure } = {}
  let lineNo = 0
  const how = await readLines(res.body, (text) => {
    lineNo++
    const line = parseLine(text)
    if (!line) seen.failure = invalid(`Line ${String(lineNo)} of the pull answer is not a protocol line: ${text.slice(0, 120)}`)
    else if (line.type === 'error') seen.failure = errorOutcome(line)
    else if (line.type === 'end') seen.end = line
    else page.add(line)
    return !seen.failure && !seen.end
  })
  if (how === 'too-long') return invalid(`Line ${String(lineNo + 1)} of the pull answer is too long`)
  if (seen.failure) return seen.failure
  if (!seen.end) return incomplete('The pull answer ended before its end line (connection lost)')
  return page.finish(seen.end)
}

function pullOnce(http: FrappeHttp, req: PullRequest): Promise<PullOutcome> {
  const limit = Math.min(MAX_LIMIT, Math.max(MIN_LIMIT, Math.floor(req.limit)))
  const query = { doctypes: [req.doctype], cursor: req.cursor, limit }
  return http.stream({ method: 'GET', path: PULL_PATH, query, accept: 'application/x-ndjson' }, (res) => readPage(res, req.doctype))
}

const cursorRefused = (o: PullOutcome): boolean => o.kind === 'rejected' && o.error.excType === 'ValidationError' && o.error.message.startsWith('Invalid cursor')

/**
 * `outpost.sync.pull` for one DocType: a GET (read-only on the server), the answer streamed. A
 * cursor the server refuses (another Remote's, an older server's) restarts with a boot, whose
 * first page asks for a reconciliation: a snapshot cannot tell what was deleted meanwhile.
 */
export async function pullPage(http: FrappeHttp, req: PullRequest): Promise<PullOutcome> {
  const outcome = await pullOnce(http, req)
  if (req.cursor === undefined || !cursorRefused(outcome)) return outcome
  const boot = await pullOnce(http, { ...req, cursor: undefined })
  return boot.kind === 'page' ? { ...boot, reconcile: true } : boot
}
