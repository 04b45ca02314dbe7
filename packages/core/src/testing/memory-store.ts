import { compareScalars, foldCase, matchesFilters, sortKey, type Doc, type DocType, type Schema } from '@outpost/meta'
import { OutpostError } from '../errors.ts'
import type { DocQuery, LocalStore, RecordKind, StoreReader, StoreWriter } from '../ports/local-store.ts'

type Tables = Map<string, Map<string, Doc>>
type Records = Map<RecordKind, Map<string, unknown>>

const clone = <T>(value: T): T => structuredClone(value)

function nameRank(doc: Doc, text: string): number {
  const at = foldCase(String(doc['name'])).indexOf(foldCase(text))
  return at < 0 ? Number.POSITIVE_INFINITY : at
}

function compareBy(doctype: DocType, query: DocQuery): (a: Doc, b: Doc) => number {
  const terms = query.orderBy ?? []
  return (a, b) => {
    if (query.rankByName !== undefined) {
      const r = nameRank(a, query.rankByName) - nameRank(b, query.rankByName)
      if (r !== 0 && !Number.isNaN(r)) return r
    }
    for (const t of terms) {
      const x = sortKey(doctype, a, t.field)
      const y = sortKey(doctype, b, t.field)
      const c = x === y ? 0 : x === null ? -1 : y === null ? 1 : compareScalars(x, y)
      if (c !== 0) return t.order === 'desc' ? -c : c
    }
    return compareScalars(foldCase(String(a['name'])), foldCase(String(b['name'])))
  }
}

/**
 * The reference LocalStore: plain maps, copy-on-write transactions. Not persistent; used by
 * unit tests, simulations and as the model the conformance suite holds every store to.
 */
export function memoryStore(): LocalStore {
  let tables: Tables = new Map()
  let records: Records = new Map()
  let schema: Schema | undefined
  let closed = false
  let queue: Promise<unknown> = Promise.resolve()

  const meta = (doctype: string): DocType => {
    const d = schema?.get(doctype)
    if (!d) throw new OutpostError('META_MISSING', `DocType ${doctype} is not in the local schema`)
    return d
  }
  const reader = (t: Tables, r: Records): StoreReader => ({
    async getDoc(doctype, name) {
      const doc = t.get(doctype)?.get(foldCase(name))
      return doc ? clone(doc) : undefined
    },
    async queryDocs(doctype, query = {}) {
      const d = meta(doctype)
      const s = schema!
      const rows = [...(t.get(doctype)?.values() ?? [])].filter((doc) => matchesFilters(s, d, doc, query.filters ?? [], query.orFilters ?? []))
      rows.sort(compareBy(d, query))
      const start = query.offset ?? 0
      return rows.slice(start, query.limit === undefined ? undefined : start + query.limit).map(clone)
    },
    async countDocs(doctype, query = {}) {
      const d = meta(doctype)
      return [...(t.get(doctype)?.values() ?? [])].filter((doc) => matchesFilters(schema!, d, doc, query.filters ?? [], query.orFilters ?? [])).length
    },
    async getRecord<T>(kind: RecordKind, key: string) {
      const v = r.get(kind)?.get(key)
      return v === undefined ? undefined : (clone(v) as T)
    },
    async listRecords<T>(kind: RecordKind, options: { prefix?: string } = {}) {
      const entries = [...(r.get(kind)?.entries() ?? [])].filter(([k]) => options.prefix === undefined || k.startsWith(options.prefix))
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return entries.map(([key, value]) => ({ key, value: clone(value) as T }))
    },
  })
  const writer = (t: Tables, r: Records): StoreWriter => ({
    ...reader(t, r),
    async putDoc(doctype, doc) {
      meta(doctype)
      const table = t.get(doctype) ?? new Map<string, Doc>()
      t.set(doctype, table)
      table.set(foldCase(String(doc['name'])), clone(doc))
    },
    async deleteDoc(doctype, name) {
      t.get(doctype)?.delete(foldCase(name))
    },
    async putRecord(kind, key, value) {
      const m = r.get(kind) ?? new Map<string, unknown>()
      r.set(kind, m)
      m.set(key, clone(value))
    },
    async deleteRecord(kind, key) {
      r.get(kind)?.delete(key)
    },
  })
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(() => {
      if (closed) throw new OutpostError('STORE_CLOSED', 'The local store is closed')
      return fn()
    })
    queue = run.catch(() => undefined)
    return run
  }
  const copyTables = (): Tables => new Map([...tables].map(([k, v]) => [k, new Map(v)]))
  const copyRecords = (): Records => new Map([...records].map(([k, v]) => [k, new Map(v)]))

  return {
    capabilities: { persistent: false, indexedQueries: false },
    async open(s) {
      schema = s
      closed = false
    },
    read: (fn) => serial(() => fn(reader(tables, records))),
    write: (fn) => serial(async () => {
      const t = copyTables()
      const r = copyRecords()
      const result = await fn(writer(t, r))
      tables = t
      records = r
      return result
    }),
    async close() {
      closed = true
    },
    async destroy() {
      tables = new Map()
      records = new Map()
      closed = true
    },
  }
}
