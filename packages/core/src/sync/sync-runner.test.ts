import { describe, expect, it } from 'vitest'
import { createReplica } from '../create-replica.ts'
import type { OutgoingMutation, Remote, RemoteFailure } from '../ports/remote.ts'
import { faultRemote } from '../testing/fault-remote.ts'
import { memoryStore } from '../testing/memory-store.ts'
import { miniOutpost } from '../testing/mini-outpost.ts'
import { MiniServer } from '../testing/mini-server.ts'
import { SALES_META } from '../testing/sales-meta.ts'
import { virtualClock, type VirtualClock } from '../testing/virtual-clock.ts'

const SCHEDULE = { pushDelayMs: 100, pullDelayMs: 50, everyMs: 60_000 }
const lost: RemoteFailure = { kind: 'offline', error: { excType: 'NetworkError', httpStatus: undefined, message: 'Injected: no network', messages: [] } }

/** The network as the page sees it: while `down`, a push dies after a slow 5 s (a timeout). */
function network(inner: Remote, clock: VirtualClock): { remote: Remote; down: boolean; pushes: number } {
  const net = { remote: inner, down: false, pushes: 0 }
  const pushBatch = inner.pushBatch!.bind(inner)
  net.remote = {
    ...inner,
    pull: (r) => inner.pull(r),
    push: (m) => inner.push(m),
    getDocTypes: (d) => inner.getDocTypes(d),
    listNames: (d) => inner.listNames(d),
    fetchDocs: (d, n) => inner.fetchDocs(d, n),
    async pushBatch(ms: readonly OutgoingMutation[]) {
      net.pushes++
      if (!net.down) return pushBatch(ms)
      await clock.env.sleep(5_000)
      return lost
    },
  }
  return net
}

async function setup(remote: (mini: MiniServer, clock: VirtualClock) => Remote) {
  const mini = new MiniServer({ meta: SALES_META, series: { Customer: 'CUST-' } })
  const clock = virtualClock()
  const replica = await createReplica({ store: memoryStore(), remote: remote(mini, clock), doctypes: ['Customer'], env: clock.env, schedule: SCHEDULE })
  await replica.start()
  await clock.advance(10)
  return { mini, clock, replica }
}

describe('a sync someone asks for ("Sync now")', () => {
  it('while an automatic sync started before the network came back is on its way: runs again after it, and pushes', async () => {
    let net: ReturnType<typeof network> | undefined
    const { mini, clock, replica } = await setup((m, c) => (net = network(miniOutpost(m), c)).remote)
    net!.down = true
    await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    await clock.advance(150)
    expect(net!.pushes).toBe(1)
    // The network is back while that push is still waiting for its answer; the user presses "Sync now" twice.
    net!.down = false
    const asked = replica.sync()
    const again = replica.sync()
    await clock.advance(5_000)
    expect(await asked).toMatchObject({ pushed: 1, offline: false })
    expect(await again).toMatchObject({ pushed: 1, offline: false })
    expect(net!.pushes).toBe(2)
    expect(mini.table('Customer').size).toBe(1)
    expect(replica.status).toMatchObject({ online: true, pending: 0 })
    await replica.close()
  })

  it('retries at once a change waiting out the backoff after 5xx answers, which the automatic sync waits out', async () => {
    const faults = { remote: undefined as ReturnType<typeof faultRemote> | undefined }
    const { mini, clock, replica } = await setup((m) => (faults.remote = faultRemote(miniOutpost(m))))
    const remote = faults.remote!
    const pushes = (): number => remote.log.filter((l) => l.call.op === 'pushBatch').length
    remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'drop-request' } : undefined))
    await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    // Many lost attempts, then a 503: the change waits minutes before the next automatic try.
    for (let i = 0; i < 8; i++) expect(await replica.sync()).toMatchObject({ offline: true, pushed: 0 })
    remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'server-error', status: 503 } : undefined))
    await clock.advance(150)
    expect(remote.log.filter((l) => l.fault?.kind === 'server-error')).toHaveLength(1)
    remote.plan(() => undefined)
    const before = pushes()
    await clock.advance(61_000)
    expect(remote.log.filter((l) => l.call.op === 'pull').length).toBeGreaterThan(0)
    expect(pushes()).toBe(before)
    expect(replica.status.pending).toBe(1)
    // "Sync now": the network is fine again, the change goes at once.
    expect(await replica.sync()).toMatchObject({ pushed: 1, offline: false })
    expect(mini.table('Customer').size).toBe(1)
    expect(replica.status.pending).toBe(0)
    await replica.close()
  })

  it('still honours the wait a server asked for (429 with Retry-After)', async () => {
    const faults = { remote: undefined as ReturnType<typeof faultRemote> | undefined }
    const { mini, clock, replica } = await setup((m) => (faults.remote = faultRemote(miniOutpost(m))))
    const remote = faults.remote!
    remote.plan((call) => (call.op === 'pushBatch' ? { kind: 'rate-limit', retryAfterMs: 120_000 } : undefined))
    await replica.db.createDoc('Customer', { customer_name: 'Acme' })
    await clock.advance(150)
    remote.plan(() => undefined)
    expect(await replica.sync()).toMatchObject({ pushed: 0, offline: false })
    expect(mini.table('Customer').size).toBe(0)
    await clock.advance(121_000)
    await replica.sync()
    expect(mini.table('Customer').size).toBe(1)
    await replica.close()
  })
})
