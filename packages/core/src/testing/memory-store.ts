import { compareDocs, foldCase, matchesFilters, type Doc, type DocType, type Schema } from '@outpost/meta'
import { OutpostError } from '../errors.ts'
import type { DocQuery, LocalStore, RecordKind, StoreReader, StoreWriter } from '../ports/local-store.ts'

type Tables = Map<string, Map<string, Doc>>
type Records = Map<RecordKind, Map<string, unknown>>

const clone = <T>(value: T): T => structuredClone(value)


interface State {
  schema: Schema | undefined
}

function metaOf(state: State, doctype: string): DocType {
  const d = state.schema?.get(doctype)
  if (!d) throw new OutpostError('META_MISSING', `DocType ${doctype} is not in the local schema`)
  return d
}

function reader(state: State, t: Tables, r: Records): StoreReader {
  const matching = (doctype: string, query: DocQuery): Doc[] => {
    const d = metaOf(state, doctype)
    return [...(t.get(doctype)?.values() ?? [])].filter((doc) => matchesFilters(state.schema!, d, doc, query.filters ?? [], query.orFilters ?? []))
  }
  return {
    async getDoc(doctype, name) {
      const doc = t.get(doctype)?.get(foldCase(name))
      return doc ? clone(doc) : undefined
    },
    async queryDocs(doctype, query = {}) {
      const rows = matching(doctype, query).sort(compareDocs(metaOf(state, doctype), query))
      const start = query.offset ?? 0
      return rows.slice(start, query.limit === undefined ? undefined : start + query.limit).map(clone)
    },
    async listDocNames(doctype) {
      metaOf(state, doctype)
      return [...(t.get(doctype)?.values() ?? [])].map((d) => String(d['name']))
    },
    async countDocs(doctype, query = {}) {
      return matching(doctype, query).length
    },
    async getRecord<T>(kind: RecordKind, key: string) {
      const v = r.get(kind)?.get(key)
      return v === undefined ? undefined : (clone(v) as T)
    },
    async countRecords(kind: RecordKind) {
      return r.get(kind)?.size ?? 0
    },
    async listRecords<T>(kind: RecordKind, options: { prefix?: string } = {}) {
      const entries = [...(r.get(kind)?.entries() ?? [])].filter(([k]) => options.prefix === undefined || k.startsWith(options.prefix))
      entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return entries.map(([key, value]) => ({ key, value: clone(value) as T }))
    },
  }
}

function writer(state: State, t: Tables, r: Records): StoreWriter {
  return {
    ...reader(state, t, r),
    async putDoc(doctype, doc) {
      metaOf(state, doctype)
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
  }
}

/**
 * The reference LocalStore: plain maps, copy-on-write transactions. Not persistent; used by
 * unit tests, simulations and as the model the conformance suite holds every store to.
 */
export function memoryStore(): LocalStore {
  let tables: Tables = new Map()
  let records: Records = new Map()
  const state: State = { schema: undefined }
  let closed = false
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(() => {
      if (closed) throw new OutpostError('STORE_CLOSED', 'The local store is closed')
      return fn()
    })
    queue = run.catch(() => undefined)
    return run
  }
  return {
    capabilities: { persistent: false, indexedQueries: false },
    async open(s) {
      state.schema = s
      closed = false
    },
    read: (fn) => serial(() => fn(reader(state, tables, records))),
    write: (fn) => serial(async () => {
      // Copy on write: a throwing transaction leaves the committed maps untouched.
      const t: Tables = new Map([...tables].map(([k, v]) => [k, new Map(v)]))
      const r: Records = new Map([...records].map(([k, v]) => [k, new Map(v)]))
      const result = await fn(writer(state, t, r))
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
