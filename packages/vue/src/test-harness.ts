// Test support for this package's tests (left out of the build).
import { createReplica, type Replica, type ReplicaEvents } from '@outpost/core'
import { memoryStore, MiniServer, invoiceTotals, SALES_META, testEnvironment } from '@outpost/core/testing'
import type { Doc } from '@outpost/meta'
import type { Schedule } from './schedule.ts'

export const DOCTYPES = ['Customer', 'Sales Invoice', 'UOM']

export function salesServer(): MiniServer {
  return new MiniServer({
    meta: SALES_META,
    series: { Customer: 'CUST-2026-', 'Sales Invoice': 'SINV-2026-' },
    links: { 'Sales Invoice': { customer: 'Customer' } },
    validate: (doctype, doc) =>
      doctype === 'Sales Invoice' && ((doc['items'] as Doc[] | undefined) ?? []).some((r) => Number(r['qty']) <= 0) ? 'Row #1: Quantity must be greater than zero' : undefined,
  })
}

export async function openReplica(remote = salesServer()): Promise<{ replica: Replica; remote: MiniServer }> {
  const replica = await createReplica({ store: memoryStore(), remote, doctypes: DOCTYPES, env: testEnvironment(), hooks: { 'Sales Invoice': invoiceTotals } })
  return { replica, remote }
}

export const invoice = (customer: string, qty = 2): Doc => ({ customer, posting_date: '2026-11-20', items: [{ item: 'Widget', qty, rate: 10 }] })

/** Let every queued promise chain finish (the memory store and MiniServer use no timers). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** A schedule that runs nothing until `flush()`: tests count flushes exactly. */
export function manualSchedule(): { schedule: Schedule; pending(): number; flush(): void } {
  const queue: (() => void)[] = []
  return {
    schedule: (fn) => void queue.push(fn),
    pending: () => queue.length,
    flush: () => {
      for (const fn of queue.splice(0)) fn()
    },
  }
}

export interface Counted {
  readonly replica: Replica
  readonly calls: { getDocList: number; getDoc: number; searchLink: number }
  /** Replica event handlers still registered through this wrapper. */
  listeners(): number
}

/** The same replica, counting queries and live listeners. */
export function counted(replica: Replica, searchLink: Replica['searchLink'] = replica.searchLink): Counted {
  const calls = { getDocList: 0, getDoc: 0, searchLink: 0 }
  let listeners = 0
  const wrapper: Replica = Object.create(replica) as Replica
  Object.defineProperties(wrapper, {
    db: {
      value: {
        ...replica.db,
        getDocList: (...args: Parameters<Replica['db']['getDocList']>) => (calls.getDocList++, replica.db.getDocList(...args)),
        getDoc: (...args: Parameters<Replica['db']['getDoc']>) => (calls.getDoc++, replica.db.getDoc(...args)),
      },
    },
    searchLink: { value: (...args: Parameters<Replica['searchLink']>) => (calls.searchLink++, searchLink(...args)) },
    on: {
      value: <K extends keyof ReplicaEvents>(event: K, handler: (payload: ReplicaEvents[K]) => void) => {
        listeners++
        const off = replica.on(event, handler)
        let live = true
        return () => {
          if (live) listeners--
          live = false
          off()
        }
      },
    },
  })
  return { replica: wrapper, calls, listeners: () => listeners }
}
