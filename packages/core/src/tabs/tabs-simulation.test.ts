import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Fault } from '../testing/fault-remote.ts'
import { tabBrowser, type TestTab } from '../testing/tab-browser.ts'

/**
 * Tabs on one local database under fast-check: saves in any tab, tabs frozen, thawed, closed
 * and opened, time passing, lost answers and failed pushes. Once every tab is thawed and time
 * has passed: every saved document is on the server once, nothing is pending, the local
 * database equals the server, and what every open tab shows (a view kept as an app keeps one:
 * read once, then moved by change and rename events, read again on `stale`) equals the
 * database. SIM_RUNS and SIM_SEED run a longer soak.
 */

type Op =
  | { kind: 'save'; tab: number; label: string }
  | { kind: 'edit'; tab: number; pick: number; notes: string }
  | { kind: 'freeze' | 'thaw' | 'close'; tab: number }
  | { kind: 'open' }
  | { kind: 'wait'; ms: number }
  | { kind: 'fault'; tab: number; fault: Fault }

const TABS = 4
const tabArb = fc.nat(TABS - 1)
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('save' as const), tab: tabArb, label: fc.string({ minLength: 1, maxLength: 6 }) }) },
  fc.record({ kind: fc.constant('edit' as const), tab: tabArb, pick: fc.nat(), notes: fc.string({ maxLength: 6 }) }),
  fc.record({ kind: fc.constantFrom('freeze' as const, 'thaw' as const, 'close' as const), tab: tabArb }),
  fc.record({ kind: fc.constant('open' as const) }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 7000 }) }) },
  fc.record({
    kind: fc.constant('fault' as const), tab: tabArb,
    fault: fc.constantFrom<Fault>({ kind: 'drop-request' }, { kind: 'drop-response' }, { kind: 'server-error', status: 503 }, { kind: 'cut-batch', applied: 1 }),
  }),
)

interface Tab extends TestTab { open: boolean; view: CustomerView }

/** Customer notes by name, as a list on screen shows them. */
class CustomerView {
  readonly rows = new Map<string, unknown>()
  #loading: Promise<void> | undefined
  #again = false

  constructor(private readonly tab: TestTab) {
    tab.replica.on('change', (e) => {
      if (e.doctype !== 'Customer') return
      if (e.doc) this.rows.set(e.name, e.doc['notes'] ?? null)
      else this.rows.delete(e.name)
      this.#moved()
    })
    tab.replica.on('rename', (e) => {
      if (e.doctype !== 'Customer' || !this.rows.has(e.from)) return
      this.rows.set(e.to, this.rows.get(e.from))
      this.rows.delete(e.from)
      this.#moved()
    })
    tab.replica.on('stale', () => void this.load())
  }

  /** Read everything; an event while reading means reading again, as a coalescing view does. */
  load(): Promise<void> {
    if (this.#loading) {
      this.#again = true
      return this.#loading
    }
    this.#loading = (async () => {
      do {
        this.#again = false
        const docs = await this.tab.replica.db.getDocList('Customer', { fields: ['name', 'notes'], limit: 0 })
        this.rows.clear()
        for (const d of docs) this.rows.set(String(d['name']), d['notes'] ?? null)
      } while (this.#again)
      this.#loading = undefined
    })()
    return this.#loading
  }

  #moved(): void {
    if (this.#loading) this.#again = true
  }
}

function browser() {
  const b = tabBrowser()
  const all: Tab[] = []
  const open = async (): Promise<void> => {
    const base = await b.openTab()
    const tab = { ...base, open: true, view: new CustomerView(base) }
    await b.start(tab)
    await tab.view.load()
    all.push(tab)
  }
  return { mini: b.mini, clock: b.clock, all, open }
}

type Browser = ReturnType<typeof browser>

/** The tab an op names among the open ones, if any. */
const openTab = (b: Browser, i: number): Tab | undefined => {
  const open = b.all.filter((t) => t.open)
  return open.length ? open[i % open.length] : undefined
}

async function apply(b: Browser, op: Op, saved: Set<string>): Promise<void> {
  if (op.kind === 'open') return b.open()
  if (op.kind === 'wait') return b.clock.advance(op.ms)
  const tab = openTab(b, op.tab)
  if (!tab) return
  // a frozen page runs no script: nobody saves in it
  if ((op.kind === 'save' || op.kind === 'edit') && tab.frozen.value) return
  switch (op.kind) {
    case 'save': {
      const doc = await tab.replica.db.createDoc('Customer', { customer_name: `Tab customer ${op.label}` })
      saved.add(String(doc['outpost_id']))
      return
    }
    case 'edit': {
      const docs = await tab.replica.db.getDocList('Customer', { fields: ['name'], limit: 0 })
      const name = docs.length ? String(docs[op.pick % docs.length]!['name']) : undefined
      if (name !== undefined) await tab.replica.db.updateDoc('Customer', name, { notes: op.notes })
      return
    }
    case 'freeze':
    case 'thaw':
      tab.frozen.value = op.kind === 'freeze'
      return
    case 'close':
      tab.open = false
      await tab.replica.close()
      return
    case 'fault': {
      let used = false
      tab.remote.plan((call) => (!used && (call.op === 'pushBatch' || call.op === 'push') ? ((used = true), op.fault) : undefined))
      return
    }
  }
}

/** Thaw every tab, keep one open, and let time pass until nothing is pending (a bounded number of steps). */
async function quiesce(b: Browser): Promise<Tab> {
  for (const t of b.all) t.frozen.value = false
  if (!b.all.some((t) => t.open)) await b.open()
  for (const t of b.all) t.remote.plan(() => undefined)
  const tab = openTab(b, 0)!
  for (let step = 0; step < 40 && (tab.replica.status.pending > 0 || step < 4); step++) await b.clock.advance(6000)
  return tab
}

describe('tabs on one local database (fast-check)', () => {
  it('push every saved document once, leave nothing pending, and end equal to the server, whatever tabs freeze or close', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 3, maxLength: 40 }), async (ops) => {
      const b = browser()
      await b.open()
      const saved = new Set<string>()
      for (const op of ops) await apply(b, op, saved)
      const tab = await quiesce(b)
      expect(tab.replica.status.pending).toBe(0)
      const onServer = [...b.mini.table('Customer').values()]
      const ids = onServer.map((d) => String(d['outpost_id']))
      // no duplicate, nothing lost
      expect(new Set(ids).size).toBe(ids.length)
      expect([...saved].filter((id) => !ids.includes(id))).toEqual([])
      // the shared database equals the server
      const local = await tab.replica.db.getDocList('Customer', { fields: ['name', 'modified'], limit: 0 })
      expect(local.map((d) => d['name']).sort()).toEqual(onServer.map((d) => d['name']).sort())
      for (const d of local) expect(d['modified']).toBe(b.mini.table('Customer').get(String(d['name']))?.['modified'])
      // every open tab shows what the database holds
      const shown = Object.fromEntries((await tab.replica.db.getDocList('Customer', { fields: ['name', 'notes'], limit: 0 })).map((d) => [String(d['name']), d['notes'] ?? null]))
      for (const t of b.all) if (t.open) expect(Object.fromEntries(t.view.rows)).toEqual(shown)
      for (const t of b.all) if (t.open) await t.replica.close()
    }), { numRuns: Number(process.env['SIM_RUNS'] ?? 150), seed: Number(process.env['SIM_SEED'] ?? 20261128) })
  }, 120_000)
})
