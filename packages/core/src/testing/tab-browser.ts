import { createReplica } from '../create-replica.ts'
import type { LocalStore } from '../ports/local-store.ts'
import type { Replica } from '../replica.ts'
import { faultRemote, type FaultRemote } from './fault-remote.ts'
import { MemoryTabs } from './memory-tabs.ts'
import { fillableStore } from './fillable-store.ts'
import { memoryStore } from './memory-store.ts'
import { miniOutpost } from './mini-outpost.ts'
import { MiniServer } from './mini-server.ts'
import { SALES_META } from './sales-meta.ts'
import { virtualClock } from './virtual-clock.ts'

const SCHEDULE = { pushDelayMs: 100, pullDelayMs: 50, everyMs: 60_000 }
const FROZEN_POLL_MS = 50

/** One tab's handle on the shared database: closing the tab does not close the others'. */
function handle(store: LocalStore): LocalStore {
  return { ...store, close: async () => {}, destroy: async () => {} }
}

export interface TestTab {
  readonly replica: Replica
  readonly remote: FaultRemote
  /** Set to freeze the tab as a browser freezes a page: deaf and mute on the channel, its timers held. */
  readonly frozen: { value: boolean }
}

/**
 * Tabs of one browser, for the tab tests: one server, one virtual clock, one memory database
 * syncing Customers, and tabs that lead or follow over MemoryTabs. `openTab` answers a replica
 * not started yet (listen to it first), `start` starts it and lets its first messages through.
 * `storeFull` makes every tab's writes fail with STORE_FULL while set.
 */
export function tabBrowser() {
  const mini = new MiniServer({ meta: SALES_META, series: { Customer: 'CUST-' } })
  const clock = virtualClock()
  const { store, full: storeFull } = fillableStore(memoryStore())
  const tabs = new MemoryTabs()
  const openTab = async (): Promise<TestTab> => {
    const frozen = { value: false }
    const remote = faultRemote(miniOutpost(mini))
    // a frozen page runs no timer: its waits end once it is thawed
    const env = { ...clock.env, sleep: async (ms: number) => {
      await clock.env.sleep(ms)
      while (frozen.value) await clock.env.sleep(FROZEN_POLL_MS)
    } }
    const replica = await createReplica({
      store: handle(store), remote, doctypes: ['Customer'], env, schedule: SCHEDULE,
      tabs: { lock: tabs.lock(), channel: tabs.channel(() => frozen.value), heartbeatMs: 1000, takeoverMs: 5000 },
    })
    return { replica, remote, frozen }
  }
  const start = async (tab: TestTab): Promise<void> => {
    await tab.replica.start()
    await clock.advance(0)
  }
  return { mini, clock, tabs, storeFull, openTab, start }
}
