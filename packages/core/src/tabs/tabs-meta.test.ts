import { describe, expect, it } from 'vitest'
import { createReplica } from '../create-replica.ts'
import type { MetaMigrationReport } from '../migrations/meta-migration.ts'
import type { StaleEvent } from '../replica-events.ts'
import { MemoryTabs } from '../testing/memory-tabs.ts'
import { memoryStore } from '../testing/memory-store.ts'
import { miniOutpost } from '../testing/mini-outpost.ts'
import { MiniServer } from '../testing/mini-server.ts'
import { SALES_META } from '../testing/sales-meta.ts'
import { virtualClock } from '../testing/virtual-clock.ts'

type Json = Record<string, unknown>

/** Two tabs on one database, and a site whose meta the test changes. */
async function twoTabs() {
  const meta = structuredClone(SALES_META) as Record<string, Json[]>
  const mini = new MiniServer({ meta, series: { Customer: 'CUST-' } })
  const clock = virtualClock()
  const store = memoryStore()
  const tabs = new MemoryTabs()
  const open = async () => {
    const replica = await createReplica({
      store: { ...store, close: async () => {}, destroy: async () => {} }, remote: miniOutpost(mini), doctypes: ['Customer'], env: clock.env,
      schedule: { pushDelayMs: 100, pullDelayMs: 50, everyMs: 60_000 }, metaCheckEveryMs: 1000,
      tabs: { lock: tabs.lock(), channel: tabs.channel(), heartbeatMs: 1000, takeoverMs: 5000 },
    })
    const migrated: MetaMigrationReport[] = []
    const stale: StaleEvent[] = []
    replica.on('migrated', (r) => migrated.push(r))
    replica.on('stale', (e) => stale.push(e))
    await replica.start()
    await clock.advance(0)
    return { replica, migrated, stale }
  }
  const leader = await open()
  const follower = await open()
  return { meta, mini, clock, tabs, leader, follower }
}

describe('tabs and meta migrations', () => {
  it("a follower takes the meta the leader migrated to: its saves validate and keep the new field, and its views read again", async () => {
    const { meta, mini, clock, leader, follower } = await twoTabs()
    expect([leader.replica.status.role, follower.replica.status.role]).toEqual(['leader', 'follower'])
    const customer = meta['Customer']![0]!
    customer['modified'] = '2026-12-01 00:00:00.000000'
    customer['fields'] = [...(customer['fields'] as Json[]), { fieldname: 'tier', fieldtype: 'Select', label: 'Tier', options: 'Bronze\nSilver' }]

    await clock.advance(2000)
    await leader.replica.sync()
    expect(leader.migrated).toHaveLength(1)
    await clock.advance(0)
    expect(follower.migrated.map((r) => r.doctypes.map((d) => d.doctype))).toEqual([['Customer']])
    expect(follower.stale).toEqual([{ reason: 'meta-changed' }])
    expect(follower.replica.meta('Customer')?.field('tier')?.options).toBe('Bronze\nSilver')
    // the leader heard nothing back of its own migration
    expect(leader.migrated).toHaveLength(1)
    expect(leader.stale).toEqual([])

    const saved = await follower.replica.db.createDoc('Customer', { customer_name: 'Tiered', tier: 'Silver' })
    expect(saved['tier']).toBe('Silver')
    await expect(follower.replica.db.createDoc('Customer', { customer_name: 'Gold', tier: 'Gold' })).rejects.toMatchObject({ code: 'VALIDATION' })
    await clock.advance(200)
    expect([...mini.table('Customer').values()].map((d) => [d['customer_name'], d['tier']])).toEqual([['Tiered', 'Silver']])
  })

  it('ignores a malformed migration message', async () => {
    const { clock, tabs, follower } = await twoTabs()
    const stranger = tabs.channel()
    for (const report of ['nope', null, {}, { doctypes: 'Customer' }]) stranger.post({ outpost: 1, t: 'migrated', from: 'z', report })
    stranger.post({ outpost: 1, t: 'migrated', from: 'z', report: { doctypes: [] } })
    await clock.advance(10)
    // only the well-formed one is taken
    expect(follower.migrated).toEqual([{ doctypes: [] }])
  })
})
