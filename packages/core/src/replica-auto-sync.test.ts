import { describe, expect, it } from 'vitest'
import { createReplica } from './create-replica.ts'
import type { RealtimeListener, Remote } from './ports/remote.ts'
import { faultRemote } from './testing/fault-remote.ts'
import { memoryStore } from './testing/memory-store.ts'
import { miniOutpost } from './testing/mini-outpost.ts'
import { MiniServer } from './testing/mini-server.ts'
import { SALES_META } from './testing/sales-meta.ts'
import { virtualClock } from './testing/virtual-clock.ts'

const DOCTYPES = ['Customer']

/** The mini server with a realtime channel the test drives. */
function realtime(inner: Remote): { remote: Remote; listeners: Set<RealtimeListener>; watched: string[][] } {
  const listeners = new Set<RealtimeListener>()
  const watched: string[][] = []
  const remote: Remote = {
    ...inner,
    pull: (r) => inner.pull(r),
    push: (m) => inner.push(m),
    pushBatch: (ms) => inner.pushBatch!(ms),
    getDocTypes: (d) => inner.getDocTypes(d),
    listNames: (d) => inner.listNames(d),
    fetchDocs: (d, n) => inner.fetchDocs(d, n),
    capabilities: { ...inner.capabilities, realtime: true },
    watch(doctypes, listener) {
      watched.push([...doctypes])
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  return { remote, listeners, watched }
}

async function setup() {
  const mini = new MiniServer({ meta: SALES_META, series: { Customer: 'CUST-' } })
  const clock = virtualClock()
  const rt = realtime(miniOutpost(mini))
  const remote = faultRemote(rt.remote)
  const replica = await createReplica({ store: memoryStore(), remote, doctypes: DOCTYPES, env: clock.env, schedule: { pushDelayMs: 100, pullDelayMs: 50, everyMs: 60_000 } })
  return { mini, clock, remote, replica, rt }
}

describe('a started replica syncs by itself', () => {
  it('pushes a local save soon after it, and only leads while started', async () => {
    const { mini, clock, replica } = await setup()
    expect(replica.status.role).toBe('manual')
    await replica.start()
    expect(replica.status.role).toBe('leader')
    await clock.advance(10)
    const doc = await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    expect(mini.table('Customer').size).toBe(0)
    await clock.advance(150)
    expect(mini.table('Customer').size).toBe(1)
    expect(replica.status).toMatchObject({ pending: 0, online: true })
    await expect(replica.db.getDoc('Customer', String(doc['name']))).rejects.toThrow(/not found/)
    await replica.stop()
    expect(replica.status.role).toBe('manual')
    await replica.db.createDoc('Customer', { customer_name: 'Later' })
    await clock.advance(120_000)
    expect(mini.table('Customer').size).toBe(1)
  })

  it('pulls on a realtime hint, and after every reconnect', async () => {
    const { mini, clock, replica, rt } = await setup()
    await replica.start()
    await clock.advance(10)
    expect(rt.watched).toEqual([expect.arrayContaining(['Customer'])])
    mini.serverWrite('Customer', 'CUST-X', { customer_name: 'From elsewhere' })
    for (const l of rt.listeners) l.changed({ doctype: 'Customer', name: 'CUST-X' })
    await clock.advance(60)
    expect((await replica.db.getDoc('Customer', 'CUST-X'))['customer_name']).toBe('From elsewhere')
    for (const l of rt.listeners) l.disconnected()
    expect(replica.status.online).toBe(false)
    mini.serverWrite('Customer', 'CUST-Y', { customer_name: 'Missed hint' })
    for (const l of rt.listeners) l.connected()
    await clock.advance(1)
    expect((await replica.db.getDoc('Customer', 'CUST-Y'))['customer_name']).toBe('Missed hint')
    await replica.stop()
    expect(rt.listeners.size).toBe(0)
  })

  it('keeps trying while the server is down, with backoff, and pushes once it is back', async () => {
    const { mini, clock, remote, replica } = await setup()
    await replica.start()
    await clock.advance(10)
    remote.plan(() => ({ kind: 'drop-request' }))
    await replica.db.createDoc('Customer', { customer_name: 'Offline' })
    await clock.advance(30_000)
    const attempts = remote.log.filter((l) => l.fault !== undefined).length
    expect(attempts).toBeGreaterThan(2)
    expect(attempts).toBeLessThan(10)
    expect(replica.status).toMatchObject({ online: false, pending: 1 })
    remote.plan(() => undefined)
    await clock.advance(70_000)
    expect(mini.table('Customer').size).toBe(1)
    expect(replica.status).toMatchObject({ online: true, pending: 0 })
    await replica.close()
  })
})
