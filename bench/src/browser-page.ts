import { createReplica, type Replica } from '@outpost/core'
import { outpostRemote } from '@outpost/remote-outpost'
import { indexedDbStore } from '@outpost/store-indexeddb'
import { deleteDb } from './browser-idb.ts'
import { naiveBaseline } from './browser-naive-baseline.ts'
import { PAGE_GLOBAL, type BenchPage, type BootResult, type PageConnection } from './browser-page-api.ts'
import { listSamples, saveSamples } from './browser-page-latency.ts'
import { newSplit, timedRemote, timedStore, type BootSplit } from './browser-page-timing.ts'

const round = (n: number): number => Math.round(n * 100) / 100

/** The timed list view sorts invoices by posting date (ERPNext's Sales Invoice sorts by modified). */
const LIST_ORDER = { 'Sales Invoice': 'posting_date' }

/** The bench page's entry, bundled for Chromium: it puts `outpostBench` on the page's global. */
let replica: { instance: Replica; name: string; split: BootSplit } | undefined

/** The page's own origin: the page server proxies /api/* to the Outpost server. */
const origin = (): string => (globalThis as { location?: { origin: string } }).location!.origin
const remoteFor = (c: PageConnection) => outpostRemote({ url: origin(), token: c.token })

function booted(): Replica {
  if (!replica) throw new Error('boot first')
  return replica.instance
}

const bootedDatabase = (): string => {
  if (!replica) throw new Error('boot first')
  return replica.name
}

async function boot(name: string, c: PageConnection): Promise<BootResult> {
  if (replica) throw new Error('a replica is already open: close it first')
  await deleteDb(name)
  const split = newSplit()
  const t0 = performance.now()
  const instance = await createReplica({
    store: timedStore(indexedDbStore({ name, listOrder: LIST_ORDER }), split),
    remote: timedRemote(remoteFor(c), split),
    doctypes: c.doctypes,
    pageSize: c.pageSize,
  })
  replica = { instance, name, split }
  const summary = await instance.boot()
  const seconds = (performance.now() - t0) / 1000
  if (summary.offline || summary.authRequired) throw new Error(`boot did not reach the server: ${JSON.stringify(summary)}`)
  const counts: Record<string, number> = {}
  for (const doctype of instance.doctypes) counts[doctype] = await instance.db.getCount(doctype)
  const docs = Object.values(counts).reduce((a, b) => a + b, 0)
  return { seconds, docs, counts, doctypes: [...instance.doctypes], split }
}

async function closeReplica(drop: boolean): Promise<void> {
  const open = replica
  replica = undefined
  if (!open) return
  await open.instance.close()
  if (drop) await deleteDb(open.name)
}

const page: BenchPage = {
  boot,
  baseline: (name, c) => naiveBaseline(name, remoteFor(c), c.doctypes, c.pageSize),
  saves: async (count) => {
    const split = replica?.split
    const before = split ? { ...split } : undefined
    const samples = await saveSamples(booted(), bootedDatabase(), count)
    if (split && before) {
      const saves = 2 * count
      samples.per_save = { store_reads: round((split.reads - before.reads) / saves), store_read_ms: round((split.read_ms - before.read_ms) / saves), store_writes: round((split.writes - before.writes) / saves), store_write_ms: round((split.write_ms - before.write_ms) / saves) }
    }
    return samples
  },
  lists: (count) => listSamples(booted(), count),
  closeReplica,
  deleteDatabase: deleteDb,
}
;(globalThis as Record<string, unknown>)[PAGE_GLOBAL] = page
