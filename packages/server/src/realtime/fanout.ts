import { randomUUID } from 'node:crypto'
import type { Doc } from '@outpost/meta'
import type { Site } from '../context.ts'
import type { SqlBus } from '../db/sql-db.ts'
import { deliverCommitted, onCommittedChanges, type DocEvent } from './doc-events.ts'

/** The channel every server process of a site listens on. */
export const EVENTS_CHANNEL = 'outpost_events'
/** PostgreSQL refuses a notification of 8000 bytes or more: larger batches go through a table. */
const MAX_NOTIFY_BYTES = 7000
/** How long a stored batch is kept for the other processes to read. */
const KEEP_MS = 60_000

interface WireEvent {
  readonly kind: DocEvent['kind']
  readonly doctype: string
  readonly name: string
  readonly modified: string
  readonly user: string
  readonly before: Doc | null
  readonly after: Doc | null
  readonly oldName: string | null
}

interface WireBatch {
  /** The process that committed: it delivered the batch itself already. */
  readonly origin: string
  readonly events: readonly WireEvent[]
}

function toWire(e: DocEvent): WireEvent {
  return { kind: e.kind, doctype: e.doctype.name, name: e.name, modified: e.modified, user: e.user, before: e.before ?? null, after: e.after ?? null, oldName: e.oldName ?? null }
}

/** Events of DocTypes this process does not know are dropped. */
function fromWire(site: Site, batch: WireBatch): DocEvent[] {
  const out: DocEvent[] = []
  for (const w of batch.events) {
    const doctype = site.schema.get(w.doctype)
    if (!doctype) continue
    out.push({ kind: w.kind, doctype, name: w.name, modified: w.modified, user: w.user, before: w.before ?? undefined, after: w.after ?? undefined, oldName: w.oldName ?? undefined })
  }
  return out
}

/** The notification for a batch: the batch itself, or `#id` of the row that holds it. */
async function message(site: Site, json: string): Promise<string> {
  if (Buffer.byteLength(json) <= MAX_NOTIFY_BYTES) return json
  const now = Date.now()
  return site.db.transaction(async (tx) => {
    await tx.run(`DELETE FROM "__outpost_event" WHERE "created" < ?`, [now - KEEP_MS])
    const row = await tx.get<{ id: number }>(`INSERT INTO "__outpost_event" ("payload", "created") VALUES (?, ?) RETURNING "id"`, [json, now])
    return `#${Number(row?.id)}`
  })
}

async function readMessage(site: Site, payload: string): Promise<WireBatch | undefined> {
  if (!payload.startsWith('#')) return JSON.parse(payload) as WireBatch
  const row = await site.db.transaction((tx) => tx.get<{ payload: string }>(`SELECT "payload" FROM "__outpost_event" WHERE "id" = ?`, [Number(payload.slice(1))]), { readOnly: true })
  return row ? (JSON.parse(row.payload) as WireBatch) : undefined
}

/**
 * Realtime across server processes on one database: each commit's events go out on the bus,
 * and batches from other processes reach this process's listeners (its socket.io rooms,
 * permission checks and all) as if committed here. The answer stops.
 */
export async function startFanout(site: Site, bus: SqlBus): Promise<() => Promise<void>> {
  const origin = randomUUID()
  const received = new WeakSet<readonly DocEvent[]>()
  // one after another: batches leave in commit order
  let queue: Promise<void> = Promise.resolve()
  const stopLocal = onCommittedChanges(site, (events) => {
    if (received.has(events)) return
    const json = JSON.stringify({ origin, events: events.map(toWire) } satisfies WireBatch)
    queue = queue
      .then(async () => bus.publish(EVENTS_CHANNEL, await message(site, json)))
      .catch((e: unknown) => console.error('realtime fan-out failed', e))
  })
  const unsubscribe = await bus.subscribe(EVENTS_CHANNEL, (payload) => {
    readMessage(site, payload).then((batch) => {
      if (!batch || batch.origin === origin) return
      const events = fromWire(site, batch)
      received.add(events)
      if (events.length > 0) deliverCommitted(site, events)
    }).catch((e: unknown) => console.error('realtime fan-in failed', e))
  })
  return async () => {
    stopLocal()
    await queue
    await unsubscribe()
  }
}
