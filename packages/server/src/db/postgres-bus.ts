import pg from 'pg'
import type { SqlBus } from './sql-db.ts'

type Types = NonNullable<pg.ClientConfig['types']>
type Listener = (payload: string) => void

/** Wait before listening again after the listening connection failed. */
const RECONNECT_MS = 1000

/**
 * LISTEN/NOTIFY between the processes that share one database. Notifications go out on the
 * pool; one connection of its own listens, and is opened again when it fails (messages sent
 * while it was down are lost: the realtime events they carried are hints, and clients pull).
 */
export function postgresBus(pool: pg.Pool, url: string, types: Types): SqlBus & { close(): Promise<void> } {
  const channels = new Map<string, Set<Listener>>()
  let client: pg.Client | undefined
  let connecting: Promise<pg.Client> | undefined
  let closed = false

  const deliver = (msg: pg.Notification): void => {
    for (const fn of channels.get(msg.channel) ?? []) {
      try {
        fn(msg.payload ?? '')
      } catch (e) {
        console.error('bus listener failed', e)
      }
    }
  }

  const reconnect = (): void => {
    client = undefined
    connecting = undefined
    if (closed || channels.size === 0) return
    setTimeout(() => {
      listener().catch((e: unknown) => {
        console.error('PostgreSQL listener failed', e)
        reconnect()
      })
    }, RECONNECT_MS).unref()
  }

  const listener = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: url, types })
      c.on('notification', deliver)
      c.on('error', (e) => {
        if (closed) return
        console.error('PostgreSQL listener connection failed', e)
        void c.end().catch(() => undefined)
        reconnect()
      })
      await c.connect()
      for (const channel of channels.keys()) await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
      client = c
      return c
    })()
    return connecting
  }

  return {
    async publish(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload])
    },
    async subscribe(channel, fn) {
      let set = channels.get(channel)
      const fresh = !set
      if (!set) channels.set(channel, (set = new Set()))
      set.add(fn)
      const c = await listener()
      if (fresh && c === client) await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`)
      return async () => {
        set.delete(fn)
        if (set.size > 0) return
        channels.delete(channel)
        await client?.query(`UNLISTEN ${pg.escapeIdentifier(channel)}`).catch(() => undefined)
      }
    },
    async close() {
      closed = true
      const c = client ?? (connecting ? await connecting.catch(() => undefined) : undefined)
      client = undefined
      await c?.end().catch(() => undefined)
    },
  }
}
