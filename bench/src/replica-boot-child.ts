import { parseArgs } from 'node:util'
import { createReplica } from '@outpost/core'
import { frappeRemote } from '@outpost/remote-frappe'
import { outpostRemote } from '@outpost/remote-outpost'
import { sqliteStore } from '@outpost/store-sqlite'
import { TOKEN } from './auth.ts'
import { sampleRss } from './rss-sampler.ts'

/**
 * One replica boot against `--url` into the SQLite file `--path`, in a process of its own,
 * over stock REST (`--remote frappe`, the default) or the Outpost protocol (`--remote outpost`).
 * Prints one JSON line: wall time, documents stored, peak RSS, and the DocTypes it pulled.
 */
const { values } = parseArgs({ options: { url: { type: 'string' }, path: { type: 'string' }, doctypes: { type: 'string' }, remote: { type: 'string', default: 'frappe' }, 'page-size': { type: 'string', default: '500' } } })
if (!values.url || !values.path || !values.doctypes) throw new Error('usage: replica-boot-child --url URL --path FILE --doctypes JSON [--remote frappe|outpost]')
if (values.remote !== 'frappe' && values.remote !== 'outpost') throw new Error(`--remote must be frappe or outpost (got ${values.remote})`)
const remote = values.remote === 'outpost' ? outpostRemote({ url: values.url, token: TOKEN }) : frappeRemote({ url: values.url, token: TOKEN })

const rss = sampleRss(100)
const t0 = performance.now()
const replica = await createReplica({
  store: sqliteStore({ path: values.path }),
  remote,
  doctypes: JSON.parse(values.doctypes) as string[],
  pageSize: Number(values['page-size']),
})
const summary = await replica.boot()
const seconds = (performance.now() - t0) / 1000
const memory = rss.stop()
const counts: Record<string, number> = {}
for (const doctype of replica.doctypes) counts[doctype] = await replica.db.getCount(doctype)
await replica.close()
const docs = Object.values(counts).reduce((a, b) => a + b, 0)
console.log(JSON.stringify({ seconds, docs, counts, doctypes: replica.doctypes, summary, ...memory }))
