import { compareDocs, foldCase, matchesFilters, type Doc, type DocType } from '@outpost/meta'
import { OutpostError, type DocQuery, type RecordKind, type StoreReader, type StoreWriter } from '@outpost/core'
import { pageOf } from './doc-order.ts'
import { nameOf } from './doc-rows.ts'
import { loadDocs } from './doc-scan.ts'
import { listedDocType, live, requireDocType, type TxScope } from './disk-reader.ts'
import type { WriteBuffer, PendingDoc } from './write-buffer.ts'

type Filters = Pick<DocQuery, 'filters' | 'orFilters'>

const clone = <T>(value: T): T => structuredClone(value)

function matcher(scope: TxScope, doctype: DocType, q: Filters): (doc: Doc) => boolean {
  return (doc) => matchesFilters(scope.schema!, doctype, doc, q.filters ?? [], q.orFilters ?? [])
}

/** The page of committed matches to merge with: enough that dropping every pending key still fills it. */
function widened(q: DocQuery, end: number | undefined, pending: number): DocQuery {
  const { offset: _offset, limit: _limit, ...rest } = q
  return end === undefined ? rest : { ...rest, limit: end + pending }
}

/** Committed results with the buffer laid over them: pending names replace or remove theirs. */
async function queryThrough(scope: TxScope, disk: StoreReader, pending: ReadonlyMap<string, PendingDoc>, doctype: DocType, q: DocQuery): Promise<Doc[]> {
  const { start, end } = pageOf(q)
  const committed = await disk.queryDocs(doctype.name, widened(q, end, pending.size))
  const kept = committed.filter((d) => !pending.has(foldCase(String(d['name']))))
  const matches = matcher(scope, doctype, q)
  const added = [...pending.values()].filter((d): d is Doc => d !== null && matches(d)).map(clone)
  return [...kept, ...added].sort(compareDocs(doctype, q)).slice(start, end)
}

async function countThrough(scope: TxScope, disk: StoreReader, pending: ReadonlyMap<string, PendingDoc>, doctype: DocType, q: Filters): Promise<number> {
  const matches = matcher(scope, doctype, q)
  const committed = await disk.countDocs(doctype.name, q)
  const replaced = await loadDocs({ tables: live(scope), storeName: scope.storeName, reads: scope.reads }, doctype.name, pending.keys(), matches)
  const added = [...pending.values()].filter((d) => d !== null && matches(d)).length
  return committed - replaced.length + added
}

function docReads(scope: TxScope, disk: StoreReader, buffer: WriteBuffer): Pick<StoreReader, 'getDoc' | 'linkTarget' | 'queryDocs' | 'countDocs' | 'listDocNames'> {
  const pendingOf = (doctype: DocType) => {
    live(scope)
    return buffer.pendingDocs(doctype.name)
  }
  return {
    async getDoc(doctype, name) {
      const d = listedDocType(scope, doctype)
      const doc = d ? pendingOf(d)?.get(foldCase(name)) : undefined
      if (doc === undefined) return disk.getDoc(doctype, name)
      return doc === null ? undefined : clone(doc)
    },
    async linkTarget(doctype, name) {
      const d = listedDocType(scope, doctype)
      const doc = d ? pendingOf(d)?.get(foldCase(name)) : undefined
      // what this write changed answers for itself; the rest is committed data
      if (doc === undefined) return disk.linkTarget!(doctype, name)
      return doc === null ? undefined : { name: String(doc['name']), docstatus: Number(doc['docstatus'] ?? 0) }
    },
    async queryDocs(doctype, q = {}) {
      const d = requireDocType(scope, doctype)
      const pending = pendingOf(d)
      return pending ? queryThrough(scope, disk, pending, d, q) : disk.queryDocs(doctype, q)
    },
    async countDocs(doctype, q = {}) {
      const d = requireDocType(scope, doctype)
      const pending = pendingOf(d)
      return pending ? countThrough(scope, disk, pending, d, q) : disk.countDocs(doctype, q)
    },
    async listDocNames(doctype) {
      const d = requireDocType(scope, doctype)
      const pending = pendingOf(d)
      const committed = await disk.listDocNames(doctype)
      if (!pending) return committed
      const put = [...pending.values()].flatMap((doc) => (doc === null ? [] : [String(doc['name'])]))
      return [...committed.filter((n) => !pending.has(foldCase(n))), ...put]
    },
  }
}

function recordReads(scope: TxScope, disk: StoreReader, buffer: WriteBuffer): Pick<StoreReader, 'getRecord' | 'countRecords' | 'listRecords'> {
  const pendingOf = (kind: RecordKind) => {
    live(scope)
    return buffer.pendingRecords(kind)
  }
  return {
    async getRecord<T>(kind: RecordKind, key: string) {
      const p = pendingOf(kind)?.get(key)
      if (p === undefined) {
        if (scope.reads.emptyKinds.has(kind)) return undefined
        // learns (alongside, not before, this read) whether the kind is empty: later reads then need no request
        scope.reads.learnIfEmpty(kind)
        return disk.getRecord<T>(kind, key)
      }
      return p === null ? undefined : (clone(p.value) as T)
    },
    async countRecords(kind: RecordKind) {
      const pending = pendingOf(kind)
      const committed = await disk.countRecords(kind)
      if (!pending) return committed
      const keys = [...pending.keys()]
      const existing = (await live(scope).records.bulkGet(keys.map((k): [RecordKind, string] => [kind, k]))).filter((r) => r !== undefined).length
      return committed - existing + [...pending.values()].filter((p) => p !== null).length
    },
    async listRecords<T>(kind: RecordKind, options: { prefix?: string } = {}) {
      const pending = pendingOf(kind)
      const committed = await disk.listRecords<T>(kind, options)
      if (!pending) return committed
      const prefix = options.prefix ?? ''
      const put = [...pending].flatMap(([key, p]) => (p !== null && key.startsWith(prefix) ? [{ key, value: clone(p.value) as T }] : []))
      const all = [...committed.filter((r) => !pending.has(r.key)), ...put]
      return all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    },
  }
}

/**
 * A StoreWriter that records every change in `buffer` and reads through it: what `fn` wrote
 * is what `fn` reads, committed data shows for the rest. Nothing reaches IndexedDB until the
 * write is flushed, so `fn` may await anything (timers, network, hooks) without an IndexedDB
 * transaction committing half of it.
 */
export function bufferedWriter(scope: TxScope, disk: StoreReader, buffer: WriteBuffer): StoreWriter {
  return {
    ...docReads(scope, disk, buffer),
    ...recordReads(scope, disk, buffer),
    async putDoc(doctype, doc, options) {
      const d = requireDocType(scope, doctype)
      const name = nameOf(doc)
      if (name === undefined) throw new OutpostError('INVALID_ARGUMENT', `A ${doctype} document needs a name`)
      live(scope)
      // a copy keeps the buffer as it was put; a document handed over is not changed again
      buffer.setDoc(d.name, name, options?.handOver === true ? doc : clone(doc))
    },
    async deleteDoc(doctype, name) {
      const d = listedDocType(scope, doctype)
      live(scope)
      if (d) buffer.setDoc(d.name, name, null)
    },
    async putRecord(kind, key, value) {
      live(scope)
      buffer.setRecord(kind, key, { value: clone(value) })
    },
    async deleteRecord(kind, key) {
      live(scope)
      // settles whether the flush has anything to delete in this kind (see ReadSession)
      await scope.reads.isEmptyKind(kind)
      buffer.setRecord(kind, key, null)
    },
  }
}
