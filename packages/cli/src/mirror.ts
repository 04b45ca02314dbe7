import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createReplica, type Replica, type SyncSummary } from '@outpost/core'
import { frappeRemote } from '@outpost/remote-frappe'
import { outpostRemote } from '@outpost/remote-outpost'
import { sqliteStore } from '@outpost/store-sqlite'
import { fail } from './usage.ts'

const DEFAULT_DOCTYPES = ['Customer', 'Item', 'Sales Invoice']

function progressBar(done: number, total: number | undefined): string {
  if (!total) return `\rmirroring: ${done} documents`
  const width = 30
  const filled = Math.min(width, Math.round((done / total) * width))
  return `\rmirroring: [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`
}

function describe(s: SyncSummary): string {
  if (s.authRequired) return 'the server asks for a login: check the token'
  if (s.offline) return 'the server is unreachable; will retry'
  const unreadable = s.unreadable.length > 0 ? `; no read permission for ${s.unreadable.join(', ')} (removed from the mirror)` : ''
  return `pushed ${s.pushed}, rejected ${s.rejected}, conflicts ${s.conflicts}, pulled ${s.pulled}, deleted ${s.deleted}${unreadable}`
}

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' }, token: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' },
      out: { type: 'string', default: 'outpost-mirror.db' }, doctype: { type: 'string', multiple: true, default: [] },
      watch: { type: 'boolean', default: false }, interval: { type: 'string', default: '10' }, protocol: { type: 'string', default: 'frappe' },
    },
    strict: true,
  })
  if (!values.url) fail('--url is required')
  if (!values.token && !(values.username && values.password)) fail('give --token KEY:SECRET, or --username and --password')
  const interval = Number(values.interval)
  if (!Number.isFinite(interval) || interval <= 0) fail(`invalid --interval ${values.interval}`)
  if (values.protocol !== 'frappe' && values.protocol !== 'outpost') fail(`--protocol must be frappe or outpost, not ${values.protocol}`)
  return { ...values, url: values.url, interval }
}

async function watch(replica: Replica, seconds: number): Promise<void> {
  let stopping = false
  const stop = (): void => { stopping = true }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  while (!stopping) {
    await new Promise((r) => setTimeout(r, seconds * 1000))
    if (!stopping) console.log(`${new Date().toISOString()} ${describe(await replica.sync())}`)
  }
}

/** `outpost mirror`: boot a replica into a SQLite file with a progress bar; with --watch keep it in sync. */
export async function mirror(argv: string[]): Promise<void> {
  const o = options(argv)
  const auth = o.token ? { token: o.token } : { username: o.username!, password: o.password! }
  const out = resolve(o.out)
  const remote = o.protocol === 'outpost' ? outpostRemote({ url: o.url, ...auth }) : frappeRemote({ url: o.url, ...auth })
  const replica = await createReplica({
    store: sqliteStore({ path: out }), remote,
    doctypes: o.doctype.length > 0 ? o.doctype : DEFAULT_DOCTYPES,
  })
  try {
    const booted = await replica.boot({ onProgress: ({ done, total }) => process.stdout.write(progressBar(done, total)) })
    console.log(`\n${out}: ${replica.doctypes.join(', ')}\nboot: ${describe(booted)}`)
    if (booted.authRequired) process.exitCode = 1
    if (o.watch) await watch(replica, o.interval)
  } finally {
    await replica.close()
  }
}
