import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { TOKEN } from './auth.ts'
import { runFloor } from './floor-run.ts'

/**
 * The floor under an Outpost-protocol boot, in a process of its own: the same
 * `outpost.sync.pull` answers, read line by line as they stream, each document bulk-inserted
 * into a plain (name, json) table, one transaction per answer. No engine. Prints one JSON line.
 */
const { values } = parseArgs({ options: { url: { type: 'string' }, path: { type: 'string' }, doctypes: { type: 'string' }, limit: { type: 'string' } } })
if (!values.url || !values.path || !values.doctypes || !values.limit) throw new Error('usage: sync-floor-child --url URL --path FILE --doctypes JSON --limit N')
const base = values.url
const limit = Number(values.limit)

const db = new Database(values.path)
db.pragma('journal_mode = WAL')

type Line = { type: string; doc?: Record<string, unknown>; cursor?: string; has_more?: boolean; message?: string }

async function* lines(res: Response): AsyncGenerator<Line> {
  const decoder = new TextDecoder()
  let buffered = ''
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true })
    let nl: number
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl)
      buffered = buffered.slice(nl + 1)
      if (line.trim() !== '') yield JSON.parse(line) as Line
    }
  }
  if (buffered.trim() !== '') yield JSON.parse(buffered) as Line
}

async function pullDoctype(doctype: string): Promise<number> {
  db.exec(`CREATE TABLE IF NOT EXISTS "${doctype}" (name TEXT PRIMARY KEY, json TEXT NOT NULL)`)
  const insert = db.prepare(`INSERT OR REPLACE INTO "${doctype}" (name, json) VALUES (?, ?)`)
  let cursor: string | undefined
  let total = 0
  for (;;) {
    const body = JSON.stringify({ doctypes: [doctype], limit, ...(cursor === undefined ? {} : { cursor }) })
    const res = await fetch(`${base}/api/method/outpost.sync.pull`, { method: 'POST', body, headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' } })
    if (!res.ok) throw new Error(`${res.status} outpost.sync.pull: ${(await res.text()).slice(0, 300)}`)
    let end: Line | undefined
    db.exec('BEGIN')
    for await (const line of lines(res)) {
      if (line.type === 'doc' && line.doc) {
        insert.run(String(line.doc['name']), JSON.stringify(line.doc))
        total++
      } else if (line.type === 'end') end = line
      else if (line.type === 'error') throw new Error(`outpost.sync.pull: ${line.message ?? 'error'}`)
    }
    db.exec('COMMIT')
    if (!end) throw new Error('outpost.sync.pull answer ended without its end line')
    cursor = end.cursor
    if (!end.has_more) return total
  }
}

await runFloor(JSON.parse(values.doctypes) as string[], pullDoctype, () => db.close())
