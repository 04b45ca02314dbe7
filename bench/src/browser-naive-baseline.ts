import type { Remote } from '@outpost/core'
import type { Doc } from '@outpost/meta'
import { committed, deleteDb, openDb, type IdbDatabase } from './browser-idb.ts'

/**
 * The naive IndexedDB baseline, run in the page beside the replica's boot: the same pages from
 * the same remote, each document written with one plain `put` and each child row with one `put`
 * of its own (parent and child rows in two object stores, no secondary index), one readwrite
 * transaction per page. No engine, no query index: what writing the same data costs at its
 * simplest.
 */
export interface BaselineResult {
  seconds: number
  docs: number
  child_rows: number
  puts: number
  pull_seconds: number
}

const isRow = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The document without its child tables, and its child rows each with its own key. */
function split(doctype: string, doc: Doc): { parent: Doc; rows: Doc[] } {
  const parent: Doc = { ...doc, doctype }
  const rows: Doc[] = []
  for (const [field, value] of Object.entries(doc)) {
    if (!Array.isArray(value) || !value.every(isRow)) continue
    delete parent[field]
    value.forEach((row, idx) => rows.push({ ...row, parent: doc['name'], parentfield: field, parenttype: doctype, idx: idx + 1, key: `${doctype}\u0000${String(doc['name'])}\u0000${field}\u0000${idx}` }))
  }
  return { parent, rows }
}

/** The baseline's two object stores. */
export function naiveUpgrade(db: IdbDatabase): void {
  db.createObjectStore('docs', { keyPath: ['doctype', 'name'] })
  db.createObjectStore('children', { keyPath: 'key' })
}

/** One page, a put per document and per child row, in one transaction; answers the child rows written. */
export function naiveWritePage(db: IdbDatabase, doctype: string, docs: readonly Doc[]): Promise<number> {
  const tx = db.transaction(['docs', 'children'], 'readwrite')
  const done = committed(tx)
  const parents = tx.objectStore('docs')
  const children = tx.objectStore('children')
  let rowCount = 0
  for (const doc of docs) {
    const { parent, rows } = split(doctype, doc)
    parents.put(parent)
    for (const row of rows) children.put(row)
    rowCount += rows.length
  }
  return done.then(() => rowCount)
}

export async function naiveBaseline(name: string, remote: Remote, doctypes: readonly string[], pageSize: number): Promise<BaselineResult> {
  await deleteDb(name)
  const t0 = performance.now()
  const db = await openDb(name, naiveUpgrade)
  let docs = 0
  let childRows = 0
  let pullMs = 0
  try {
    for (const doctype of doctypes) {
      let cursor: string | undefined
      for (;;) {
        const p0 = performance.now()
        const page = await remote.pull({ doctype, cursor, limit: pageSize })
        pullMs += performance.now() - p0
        if (page.kind !== 'page') throw new Error(`baseline pull of ${doctype}: ${page.kind}`)
        childRows += await naiveWritePage(db, doctype, page.docs)
        docs += page.docs.length
        cursor = page.cursor
        if (!page.hasMore) break
      }
    }
  } finally {
    db.close()
  }
  const seconds = (performance.now() - t0) / 1000
  return { seconds, docs, child_rows: childRows, puts: docs + childRows, pull_seconds: pullMs / 1000 }
}
