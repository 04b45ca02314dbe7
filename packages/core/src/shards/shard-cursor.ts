/**
 * A sharded pull's cursor: every shard's own cursor, the shards still paging in the current
 * pull (absent between pulls: the next pull asks every shard), and their totals for progress.
 */
export interface ShardCursor {
  readonly cursors: Readonly<Record<string, string | null>>
  readonly paging?: readonly string[]
  readonly totals?: Readonly<Record<string, number>>
}

const FORMAT = 'shards/1'

export function encodeShardCursor(cursor: ShardCursor): string {
  return JSON.stringify({ f: FORMAT, c: cursor.cursors, ...(cursor.paging ? { p: cursor.paging } : {}), ...(cursor.totals ? { t: cursor.totals } : {}) })
}

const isStringMap = <T>(value: unknown, ok: (v: unknown) => v is T): value is Record<string, T> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(ok)

/**
 * The stored cursor, read back. Anything else (none, or one written before this replica had
 * shards) starts every shard from the beginning: a pull from the start repeats documents, it
 * never misses one.
 */
export function decodeShardCursor(raw: string | undefined): ShardCursor {
  if (raw === undefined) return { cursors: {} }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return { cursors: {} }
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { f?: unknown }).f !== FORMAT) return { cursors: {} }
  const { c, p, t } = parsed as { c?: unknown; p?: unknown; t?: unknown }
  const cursors = isStringMap(c, (v): v is string | null => v === null || typeof v === 'string') ? c : {}
  const paging = Array.isArray(p) && p.every((s) => typeof s === 'string') ? (p as string[]) : undefined
  const totals = isStringMap(t, (v): v is number => typeof v === 'number') ? t : undefined
  return { cursors, ...(paging ? { paging } : {}), ...(totals ? { totals } : {}) }
}
