import { describe, expect, it } from 'vitest'
import type { ChangeEvent, StaleEvent } from '../replica-events.ts'
import { tabBrowser, type TestTab } from '../testing/tab-browser.ts'

interface Tab extends TestTab { changes: ChangeEvent[]; stale: StaleEvent[] }

async function browser() {
  const b = tabBrowser()
  const open = async (): Promise<Tab> => {
    const tab = await b.openTab()
    const changes: ChangeEvent[] = []
    const stale: StaleEvent[] = []
    tab.replica.on('change', (e) => changes.push(e))
    tab.replica.on('stale', (e) => stale.push(e))
    await b.start(tab)
    return { ...tab, changes, stale }
  }
  const pushed = (tab: Tab): string[] => tab.remote.log.flatMap((l) => (l.call.op === 'pushBatch' ? l.call.mutations.map((m) => m.id) : []))
  return { mini: b.mini, clock: b.clock, tabs: b.tabs, storeFull: b.storeFull, open, pushed }
}

describe('tabs on one local database', () => {
  it('the first tab leads; a save in a follower is pushed by the leader and shows in the other tab at once', async () => {
    const b = await browser()
    const a = await b.open()
    const f = await b.open()
    expect([a.replica.status.role, f.replica.status.role]).toEqual(['leader', 'follower'])
    const doc = await f.replica.db.createDoc('Customer', { customer_name: 'From the follower' })
    await b.clock.advance(0)
    expect(a.changes.map((c) => c.name)).toContain(doc['name'])
    expect(a.replica.status.pending).toBe(1)
    await b.clock.advance(150)
    expect(b.mini.table('Customer').size).toBe(1)
    expect(b.pushed(f)).toEqual([])
    expect(b.pushed(a)).toHaveLength(1)
    // The rename after the push reaches the follower's listeners too.
    expect(f.changes.some((c) => c.origin === 'remote' || c.name === 'CUST-00001')).toBe(true)
    expect(f.replica.status.pending).toBe(0)
    expect(f.replica.status.online).toBe(true)
  })

  it("a follower's sync() is run by the leader, which answers with its summary", async () => {
    const b = await browser()
    const a = await b.open()
    const f = await b.open()
    await f.replica.db.createDoc('Customer', { customer_name: 'Now' })
    const summary = f.replica.sync()
    await b.clock.advance(10)
    expect(await summary).toMatchObject({ pushed: 1, offline: false })
    expect(b.pushed(a)).toHaveLength(1)
    expect(b.pushed(f)).toHaveLength(0)
  })

  it("a follower's sync() that fails in the leader fails in the follower too, and both tabs show why", async () => {
    const b = await browser()
    const a = await b.open()
    const f = await b.open()
    b.mini.serverWrite('Customer', 'CUST-00001', { doctype: 'Customer', customer_name: 'Pulled' })
    b.storeFull.value = true
    const summary = f.replica.sync()
    const failed = expect(summary).rejects.toMatchObject({ code: 'STORE_FULL', message: 'The device has no room left' })
    await b.clock.advance(10)
    await failed
    const failure = { code: 'STORE_FULL', message: 'The device has no room left', retryable: true }
    expect(a.replica.status.syncFailure).toEqual(failure)
    expect(f.replica.status.syncFailure).toEqual(failure)
    b.storeFull.value = false
    const again = f.replica.sync()
    await b.clock.advance(10)
    expect(await again).toMatchObject({ offline: false, pulled: 1 })
    expect(f.replica.status.syncFailure).toBeUndefined()
  })

  it('when the leader closes, a follower takes over and syncs; nothing is pushed twice', async () => {
    const b = await browser()
    const a = await b.open()
    const f = await b.open()
    await a.replica.db.createDoc('Customer', { customer_name: 'First' })
    await b.clock.advance(150)
    await a.replica.close()
    await b.clock.advance(0)
    expect(f.replica.status.role).toBe('leader')
    await f.replica.db.createDoc('Customer', { customer_name: 'Second' })
    await b.clock.advance(150)
    expect(b.mini.table('Customer').size).toBe(2)
    const all = [...b.pushed(a), ...b.pushed(f)]
    expect(new Set(all).size).toBe(all.length)
    expect(all).toHaveLength(2)
  })

  it('a frozen leader is taken over within takeoverMs, and steps down when it wakes', async () => {
    const b = await browser()
    const a = await b.open()
    const f = await b.open()
    a.frozen.value = true
    await b.clock.advance(4000)
    expect(f.replica.status.role).toBe('follower')
    await b.clock.advance(3000)
    expect(f.replica.status.role).toBe('leader')
    a.frozen.value = false
    await b.clock.advance(0)
    expect(a.replica.status.role).toBe('follower')
    await a.replica.db.createDoc('Customer', { customer_name: 'After the freeze' })
    await b.clock.advance(150)
    expect(b.mini.table('Customer').size).toBe(1)
    expect(b.pushed(f)).toHaveLength(1)
  })

  it('a save whose message reached a frozen leader is pushed once the leader wakes, not at the next periodic sync', async () => {
    const b = await browser()
    const a = await b.open()
    const f = await b.open()
    a.frozen.value = true
    // the follower's "outbox" message is lost: the leader hears nothing while frozen
    await f.replica.db.createDoc('Customer', { customer_name: 'Saved during the freeze' })
    await b.clock.advance(1000)
    a.frozen.value = false
    // woken before anyone took over: it leads still, and finds the save at its next heartbeat
    await b.clock.advance(1500)
    expect(a.replica.status.role).toBe('leader')
    expect(b.mini.table('Customer').size).toBe(1)
    expect(a.replica.status.pending).toBe(0)
    expect(b.pushed(a)).toHaveLength(1)
  })

  it('a request sent to a leader that vanished is asked again of the next one', async () => {
    const b = await browser()
    const a = await b.open()
    const f = await b.open()
    const g = await b.open()
    a.frozen.value = true
    await g.replica.db.createDoc('Customer', { customer_name: 'Waiting' })
    const summary = g.replica.sync()
    await b.clock.advance(8000)
    expect([f.replica.status.role, g.replica.status.role]).toContain('leader')
    await expect(summary).resolves.toMatchObject({ offline: false })
    expect(b.mini.table('Customer').size).toBe(1)
  })

  it('a tab frozen while another saves hears, when it wakes, that it missed changes: its views read again', async () => {
    const b = await browser()
    const a = await b.open()
    const f = await b.open()
    await a.replica.db.createDoc('Customer', { customer_name: 'Before' })
    await b.clock.advance(150)
    expect(f.stale).toEqual([])
    f.frozen.value = true
    const missed = await a.replica.db.createDoc('Customer', { customer_name: 'While frozen' })
    await b.clock.advance(150)
    f.frozen.value = false
    expect(f.changes.map((c) => c.name)).not.toContain(missed['name'])
    // the leader's next heartbeat carries a number past the ones this tab heard
    await b.clock.advance(1000)
    expect(f.stale).toEqual([{ reason: 'missed-tab-messages' }])
    // pushed and renamed meanwhile: what a view reads again is the server's name
    expect(await f.replica.db.getDocList('Customer', { fields: ['name'], filters: { customer_name: 'While frozen' } })).toEqual([{ name: 'CUST-00002' }])
    expect(a.stale).toEqual([])
    // once caught up, nothing more to say
    await b.clock.advance(3000)
    expect(f.stale).toHaveLength(1)
  })

  it('a leader taken over for its silence says its views are stale when it wakes', async () => {
    const b = await browser()
    const a = await b.open()
    const f = await b.open()
    a.frozen.value = true
    await b.clock.advance(7000)
    expect(f.replica.status.role).toBe('leader')
    a.frozen.value = false
    await b.clock.advance(0)
    expect(a.replica.status.role).toBe('follower')
    expect(a.stale.map((e) => e.reason)).toContain('lost-leadership')
  })

  it('a follower woken from a long freeze reads again, even when the tab that changed things has closed since', async () => {
    const b = await browser()
    const a = await b.open()
    const f = await b.open()
    await a.replica.db.createDoc('Customer', { customer_name: 'Pushed while frozen' })
    f.frozen.value = true
    await b.clock.advance(150)
    await a.replica.close()
    await b.clock.advance(10_000)
    expect(f.stale).toEqual([])
    f.frozen.value = false
    await b.clock.advance(1000)
    expect(f.stale.map((e) => e.reason)).toContain('resumed')
  })

  it('a follower woken from a freeze does not take over a leader that is alive: it waits to hear it', async () => {
    const b = await browser()
    const a = await b.open()
    const f = await b.open()
    f.frozen.value = true
    await b.clock.advance(20_000)
    f.frozen.value = false
    await b.clock.advance(3000)
    expect([a.replica.status.role, f.replica.status.role]).toEqual(['leader', 'follower'])
    expect(a.stale).toEqual([])
  })

  it('a tab opened after others have talked is not stale: what was said before it listened is not its to hear', async () => {
    const b = await browser()
    const a = await b.open()
    for (const n of ['One', 'Two', 'Three']) await a.replica.db.createDoc('Customer', { customer_name: n })
    await b.clock.advance(3000)
    const f = await b.open()
    await b.clock.advance(3000)
    await a.replica.db.createDoc('Customer', { customer_name: 'Four' })
    await b.clock.advance(3000)
    expect(f.stale).toEqual([])
    expect(a.stale).toEqual([])
  })

  it('ignores messages that are not ours or are malformed', async () => {
    const b = await browser()
    const a = await b.open()
    const stranger = b.tabs.channel()
    for (const junk of [null, 42, 'x', {}, { outpost: 1 }, { outpost: 1, t: 'change', from: 'z' }, { outpost: 1, t: 'nope', from: 'z' }, { outpost: 2, t: 'bye', from: 'z' }]) stranger.post(junk)
    stranger.post({ outpost: 1, t: 'sync-request', from: 'z', id: 7, phase: 'pull' })
    for (const seq of [0, -1, 1.5, 'x', null]) stranger.post({ outpost: 1, t: 'change', from: 'z', seq, event: { doctype: 'Customer', name: 'X', origin: 'local' } })
    await b.clock.advance(10)
    expect(a.changes).toEqual([])
    expect(a.stale).toEqual([])
    expect(a.replica.status.role).toBe('leader')
  })
})
