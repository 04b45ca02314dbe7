import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { childRows, listPage, PAGE_SIZE, tableFields, type Row } from './floor-rest.ts'
import { runFloor } from './floor-run.ts'

/**
 * The floor under a replica boot, in a process of its own: the same pages over the same REST
 * calls, parsed, child rows attached, each page bulk-inserted into a plain (name, json) table
 * in one transaction. No engine: no schema, validation, outbox or status. Prints one JSON line.
 */
const { values } = parseArgs({ options: { url: { type: 'string' }, path: { type: 'string' }, doctypes: { type: 'string' } } })
if (!values.url || !values.path || !values.doctypes) throw new Error('usage: replica-floor-child --url URL --path FILE --doctypes JSON')
const base = values.url

const db = new Database(values.path)
db.pragma('journal_mode = WAL')

function attach(docs: Row[], tables: [string, string][], rows: Map<string, Row[]>): void {
  const byName = new Map(docs.map((d) => [String(d['name']), d]))
  for (const [field] of tables) for (const d of docs) d[field] = []
  for (const [child, list] of rows) {
    for (const row of list) {
      const table = byName.get(String(row['parent']))?.[String(row['parentfield'])]
      if (Array.isArray(table) && tables.some(([f, c]) => c === child && f === row['parentfield'])) table.push(row)
    }
  }
}

async function pullDoctype(doctype: string): Promise<number> {
  const tables = await tableFields(base, doctype)
  db.exec(`CREATE TABLE IF NOT EXISTS "${doctype}" (name TEXT PRIMARY KEY, json TEXT NOT NULL)`)
  const insert = db.prepare(`INSERT OR REPLACE INTO "${doctype}" (name, json) VALUES (?, ?)`)
  const store = db.transaction((docs: Row[]) => {
    for (const d of docs) insert.run(String(d['name']), JSON.stringify(d))
  })
  let after: { modified: string; name: string } | undefined
  let total = 0
  for (;;) {
    const rows = await listPage(base, doctype, after)
    const docs = rows.slice(0, PAGE_SIZE)
    const names = docs.map((d) => String(d['name']))
    const children = new Map<string, Row[]>()
    for (const child of new Set(tables.map(([, c]) => c))) if (docs.length > 0) children.set(child, await childRows(base, doctype, child, names))
    attach(docs, tables, children)
    store(docs)
    total += docs.length
    const last = docs[docs.length - 1]
    if (rows.length <= PAGE_SIZE || !last) return total
    after = { modified: String(last['modified']), name: String(last['name']) }
  }
}

await runFloor(JSON.parse(values.doctypes) as string[], pullDoctype, () => db.close())
