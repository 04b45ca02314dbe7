import { createHash } from 'node:crypto'
import { FrappeError } from '@outpost/meta'

/** Where a boot snapshot stands: the DocType being read (index in the pull's DocTypes) and the last name sent. */
export interface BootPosition {
  readonly index: number
  readonly after: string | null
}

/**
 * A pull position. Opaque to clients: base64url JSON.
 * - `seq`: every change-log entry up to it is delivered (once the boot, if any, is done);
 * - `scope`: a digest of the DocTypes it was issued for;
 * - `boot`: set while a snapshot is under way;
 * - `total`, `done`: the progress estimate of a pull that has more to bring.
 */
export interface SyncCursor {
  readonly seq: number
  readonly scope: string
  readonly boot?: BootPosition | undefined
  readonly total?: number | undefined
  readonly done?: number | undefined
}

const VERSION = 1

/** The digest of a set of DocTypes: a cursor only serves the DocTypes it was issued for. */
export function cursorScope(doctypes: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify([...doctypes].sort())).digest('base64url').slice(0, 16)
}

export function encodeCursor(cursor: SyncCursor): string {
  const body = [VERSION, cursor.seq, cursor.scope, cursor.boot ? [cursor.boot.index, cursor.boot.after] : null, cursor.total ?? null, cursor.done ?? null]
  return Buffer.from(JSON.stringify(body)).toString('base64url')
}

function invalid(reason: string): FrappeError {
  return new FrappeError('ValidationError', `Invalid cursor: ${reason}. Pull again without a cursor to boot.`)
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

function parseBoot(value: unknown): BootPosition | undefined {
  if (value === null) return undefined
  if (!Array.isArray(value) || value.length !== 2 || !isCount(value[0])) throw invalid('bad snapshot position')
  const after: unknown = value[1]
  if (after !== null && typeof after !== 'string') throw invalid('bad snapshot position')
  return { index: value[0], after }
}

function optionalCount(value: unknown): number | undefined {
  if (value === null) return undefined
  if (!isCount(value)) throw invalid('bad progress')
  return value
}

function parseBody(text: string): unknown[] {
  let body: unknown
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    throw invalid('not a cursor this server issued')
  }
  if (!Array.isArray(body) || body.length !== 6 || body[0] !== VERSION) throw invalid('not a cursor this server issued')
  return body
}

/** A cursor from a client, checked field by field; ValidationError for anything else. */
export function decodeCursor(text: unknown): SyncCursor {
  if (typeof text !== 'string' || text === '' || text.length > 2000 || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalid('not a cursor this server issued')
  const [, seq, scope, boot, total, done] = parseBody(text)
  if (!isCount(seq) || typeof scope !== 'string') throw invalid('not a cursor this server issued')
  return { seq, scope, boot: parseBoot(boot), total: optionalCount(total), done: optionalCount(done) }
}
