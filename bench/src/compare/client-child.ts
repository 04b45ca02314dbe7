import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import type { ClientCommand, ClientContext, ClientReply, CompareClient } from './client-api.ts'
import { isSystem, type SystemName } from './compare-config.ts'
import type { DatasetFacts } from './dataset.ts'
import { listRuns } from './list-runs.ts'
import { offlineBatch } from './offline-batch.ts'

/**
 * One system's client in a process of its own, driven over IPC by client-host.ts: each command
 * is timed here and answered with its wall time and this process's peak RSS while it ran.
 */
const { values } = parseArgs({ options: { system: { type: 'string' }, url: { type: 'string' }, dir: { type: 'string' }, facts: { type: 'string' }, batch: { type: 'string', default: '1000' } } })
if (!values.system || !isSystem(values.system) || !values.url || !values.dir || !values.facts) throw new Error('usage: client-child --system S --url URL --dir DIR --facts FILE')
const facts = JSON.parse(readFileSync(values.facts, 'utf8')) as DatasetFacts
const ctx: ClientContext = { url: values.url, dir: values.dir, facts, batchSize: Number(values.batch) }

async function openClient(system: SystemName): Promise<CompareClient> {
  switch (system) {
    case 'outpost': return (await import('./clients/outpost-client.ts')).openOutpostClient(ctx, 'outpost')
    case 'outpost-rest': return (await import('./clients/outpost-client.ts')).openOutpostClient(ctx, 'frappe')
    case 'naive': return (await import('./clients/naive-client.ts')).openNaiveClient(ctx)
    case 'pouchdb': return (await import('./clients/pouch-client.ts')).openPouchClient(ctx)
    case 'replicache': return (await import('./clients/replicache-client.ts')).openReplicacheClient(ctx)
    case 'rxdb': return (await import('./clients/rxdb-client.ts')).openRxdbClient(ctx)
  }
}

async function catchUp(client: CompareClient, changed: readonly string[], deleted: readonly string[]): Promise<{ rounds: number }> {
  for (let rounds = 1; rounds <= 30; rounds++) {
    await client.catchUp()
    if (await client.converged(changed, deleted)) return { rounds }
  }
  throw new Error('did not converge after 30 catch-up rounds')
}

async function run(client: CompareClient, c: ClientCommand): Promise<unknown> {
  switch (c.cmd) {
    case 'boot': return { docs: await client.boot() }
    case 'list': return listRuns(client, facts.queryCustomers, c.runs)
    case 'create': return client.create(offlineBatch(facts, c.tag, c.count, c.withBad))
    case 'push': return client.push(offlineBatch(facts, c.tag, c.count, c.withBad))
    case 'catchup': return catchUp(client, c.changed, c.deleted)
    case 'inspect': return client.inspect(offlineBatch(facts, c.tag, c.count, c.withBad))
    case 'close': return client.close()
  }
}

const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10
const client = await openClient(values.system)
process.on('message', (message: ClientCommand) => {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 50)
  const t0 = performance.now()
  const answer = (reply: Omit<ClientReply, 'seconds' | 'peak_rss_mb'>): void => {
    clearInterval(timer)
    peak = Math.max(peak, process.memoryUsage().rss)
    process.send?.({ ...reply, seconds: (performance.now() - t0) / 1000, peak_rss_mb: mb(peak) } satisfies ClientReply, () => {
      if (message.cmd === 'close') process.exit(0)
    })
  }
  run(client, message).then(
    (result) => answer({ ok: true, result }),
    (e: unknown) => answer({ ok: false, error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) }),
  )
})
process.send?.({ ok: true, seconds: 0, peak_rss_mb: mb(process.memoryUsage().rss), result: 'ready' } satisfies ClientReply)
