/**
 * Where a pull stands: the last delivered row in `(modified, name)` order ('' before any row).
 * `run` marks a page inside one pull run (more pages follow), which goes on strictly after the
 * row; a new run starts an overlap window earlier. `total` carries the boot count to every
 * page of the run. `deleted` is how far Deleted Document has been read.
 */
export interface PullCursor {
  readonly modified: string
  readonly name: string
  readonly run?: true
  readonly total?: number
  readonly deleted?: string
}

export function encodeCursor(c: PullCursor): string {
  return JSON.stringify(c)
}

/** An unreadable cursor (another Remote's, an old format) restarts the pull: re-delivery is harmless. */
export function decodeCursor(raw: string | undefined): PullCursor | undefined {
  if (raw === undefined) return undefined
  try {
    const c = JSON.parse(raw) as Partial<PullCursor> | null
    if (typeof c?.modified !== 'string' || typeof c.name !== 'string') return undefined
    return {
      modified: c.modified, name: c.name, ...(c.run ? { run: true } : {}), ...(typeof c.total === 'number' ? { total: c.total } : {}),
      ...(typeof c.deleted === 'string' ? { deleted: c.deleted } : {}),
    }
  } catch {
    return undefined
  }
}

const STAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/
const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/**
 * Frappe's naive server datetime (`YYYY-MM-DD HH:MM:SS.ffffff`, microseconds omitted when zero)
 * moved by `ms`. Calendar arithmetic in UTC, since the value carries no zone. Unparseable
 * values come back unchanged (no overlap rather than a wrong filter).
 */
export function shiftTimestamp(stamp: string, ms: number): string {
  const m = STAMP.exec(stamp.trim())
  if (!m) return stamp
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const micros = Number((m[7] ?? '').padEnd(6, '0'))
  const total = Date.UTC(y, mo - 1, d, h, mi, s) * 1000 + micros + Math.round(ms * 1000)
  const t = new Date(Math.floor(total / 1000))
  const date = `${String(t.getUTCFullYear()).padStart(4, '0')}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
  return `${date} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}.${pad(((total % 1_000_000) + 1_000_000) % 1_000_000, 6)}`
}
