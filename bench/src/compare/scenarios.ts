import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { LocalState, ListResult, PushOutcome } from './client-api.ts'
import { startClient, type ClientHost, type HostReply } from './client-host.ts'
import { BATCH_SIZE, type ScenarioSizes, type SystemName } from './compare-config.ts'
import type { Dataset } from './dataset.ts'
import { offlineBatch, serverChangeTargets } from './offline-batch.ts'
import type { ServerView } from './servers/server-api.ts'
import { startSystemServer } from './system-servers.ts'

/** One run of S1–S5 for one system: what each command measured and what both sides held after. */
export interface SystemRun {
  readonly run: number
  readonly s1: HostReply & { result: { docs: number } }
  readonly s3: HostReply & { result: ListResult }
  readonly s2: { create: HostReply & { result: { name: string; customer: string } | undefined }; push: HostReply & { result: PushOutcome }; server: ServerView; local: LocalState; docs: number }
  readonly s4: HostReply & { result: { rounds: number } }
  readonly s5: { push: HostReply & { result: PushOutcome }; server: ServerView; local: LocalState; invoices: number; bad: number }
}

export interface SystemRuns {
  readonly system: SystemName
  readonly runs: SystemRun[]
  readonly error?: string
}

async function pushScenario(client: ClientHost, server: { verify: (tag: string, po: string) => Promise<ServerView> }, tag: string, count: number, withBad: boolean, facts: Dataset['facts']) {
  const batch = { tag, count, withBad }
  const create = await client.must<{ name: string; customer: string } | undefined>({ cmd: 'create', ...batch })
  const push = await client.must<PushOutcome>({ cmd: 'push', ...batch })
  const first = offlineBatch(facts, tag, Math.min(count, 1), false).invoices[0]!
  const serverView = await server.verify(tag, String(first.doc['po_no']))
  const local = (await client.must<LocalState>({ cmd: 'inspect', ...batch })).result
  return { create, push, server: serverView, local }
}

async function oneRun(system: SystemName, dataset: Dataset, sizes: ScenarioSizes, factsPath: string, dir: string, run: number, commandTimeoutMs: number | undefined): Promise<SystemRun> {
  mkdirSync(join(dir, 'client'), { recursive: true })
  const server = await startSystemServer(system, dataset, dir)
  let client: ClientHost | undefined
  try {
    client = await startClient(system, { url: server.url, dir: join(dir, 'client'), facts: factsPath, batch: BATCH_SIZE, ...(commandTimeoutMs === undefined ? {} : { commandTimeoutMs }) }, server.pid)
    const s1 = await client.must<{ docs: number }>({ cmd: 'boot' })
    console.log(`${system}: S1 ${s1.seconds.toFixed(2)} s, client peak RSS ${s1.peak_rss_mb} MB`)
    const s3 = await client.must<ListResult>({ cmd: 'list', runs: sizes.listRuns })
    const s2 = await pushScenario(client, server, `S2R${run}`, sizes.offlineInvoices, false, dataset.facts)
    const targets = serverChangeTargets(dataset.facts, sizes.changes, sizes.deletions)
    await server.change(targets.changed, targets.deleted)
    const s4 = await client.must<{ rounds: number }>({ cmd: 'catchup', ...targets })
    const s5 = await pushScenario(client, server, `S5R${run}`, sizes.rejectionInvoices, true, dataset.facts)
    await client.must({ cmd: 'close' })
    const batch = offlineBatch(dataset.facts, 'x', sizes.offlineInvoices, false)
    const bad = offlineBatch(dataset.facts, 'x', sizes.rejectionInvoices, true).invoices.filter((i) => i.bad).length
    return { run, s1, s3, s2: { ...s2, docs: batch.invoices.length + batch.customers.length }, s4, s5: { ...s5, invoices: sizes.rejectionInvoices, bad } }
  } finally {
    client?.kill()
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Run 0 is the warm-up; runs 1..runs are measured. A failing run ends the system's runs with its
 * error, and so does a client command running longer than `commandTimeoutMs`.
 */
export async function runSystem(system: SystemName, dataset: Dataset, sizes: ScenarioSizes, factsPath: string, workDir: string, runs: number, commandTimeoutMs?: number): Promise<SystemRuns> {
  const out: SystemRun[] = []
  for (let r = 0; r <= runs; r++) {
    console.log(`${system}: run ${r === 0 ? 'warm-up' : `${r} of ${runs}`}`)
    try {
      const result = await oneRun(system, dataset, sizes, factsPath, join(workDir, `${system}-${r}`), r, commandTimeoutMs)
      console.log(`${system}: S1 ${result.s1.seconds.toFixed(2)} s, S2 ${result.s2.push.seconds.toFixed(2)} s, S4 ${result.s4.seconds.toFixed(2)} s, S5 ${result.s5.push.seconds.toFixed(2)} s`)
      if (r > 0) out.push(result)
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      console.error(`${system}: run ${r} failed: ${message}`)
      return { system, runs: out, error: message }
    }
  }
  return { system, runs: out }
}
