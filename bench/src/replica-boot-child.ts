import { parseArgs } from 'node:util'
import { createReplica } from '@outpost/core'
import { frappeRemote } from '@outpost/remote-frappe'
import { sqliteStore } from '@outpost/store-sqlite'
import { TOKEN } from './auth.ts'
import { sampleRss } from './rss-sampler.ts'

/**
 * One replica boot against `--url` into the SQLite file `--path`, in a process of its own.
 * Prints one JSON line: wall time, documents stored, peak RSS, and the DocTypes it pulled.
 */
const { values } = parseArgs({ options: { url: { type: 'string' }, path: { type: 'string' }, doctypes: { type: 'string' } } })
if (!values.url || !values.path || !values.doctypes) throw new Error('usage: replica-boot-child --url URL --path FILE --doctypes JSON')

const rss = sampleRss(100)
const t0 = performance.now()
const replica = await createReplica({
  store: sqliteStore({ path: values.path }),
  remote: frappeRemote({ url: values.url, token: TOKEN }),
  doctypes: JSON.parse(values.doctypes) as string[],
})
const summary = await replica.boot()
const seconds = (performance.now() - t0) / 1000
const memory = rss.stop()
const counts: Record<string, number> = {}
for (const doctype of replica.doctypes) counts[doctype] = await replica.db.getCount(doctype)
await replica.close()
const docs = Object.values(counts).reduce((a, b) => a + b, 0)
console.log(JSON.stringify({ seconds, docs, counts, doctypes: replica.doctypes, summary, ...memory }))
