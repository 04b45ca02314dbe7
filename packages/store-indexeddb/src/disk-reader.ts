import type { DocType, Schema } from '@outpost/meta'
import { OutpostError, type LinkTarget, type RecordKind, type StoreReader } from '@outpost/core'
import { countCommitted, queryCommitted } from './doc-query.ts'
import { docKey, rowDoc, rowValue } from './doc-rows.ts'
import { NAME_ENTRY } from './index-entries.ts'
import { ABOVE_STRINGS, type IndexEntry, type RecordKey, type RecordRow, type Tables } from './layout.ts'
import type { ReadSession } from './read-session.ts'
import { openDocRows, openRecordRows } from './sealed-rows.ts'

/** What one read or write sees; `active` is cleared when it ends, so a leaked handle cannot be used. */
export interface TxScope {
  readonly tables: Tables
  readonly storeName: string
  readonly schema: Schema | undefined
  /** Point reads of this call, sharing a transaction while they can. */
  readonly reads: ReadSession
  active: boolean
}

export function live(scope: TxScope): Tables {
  if (!scope.active) throw new OutpostError('INVALID_ARGUMENT', 'A store transaction was used after it ended')
  return scope.tables
}

/** Only child tables and singles have no documents here: child rows are embedded, singles are not listed. */
export function hasDocs(doctype: DocType): boolean {
  return !doctype.istable && !doctype.issingle
}

/** The DocType, or undefined when it has no documents of its own (unknown, child table or single). */
export function listedDocType(scope: TxScope, doctype: string): DocType | undefined {
  const d = scope.schema?.get(doctype)
  return d && hasDocs(d) ? d : undefined
}

export function requireDocType(scope: TxScope, doctype: string): DocType {
  const d = scope.schema?.get(doctype)
  if (!d) throw new OutpostError('META_MISSING', `DocType ${doctype} is not in the local schema`)
  if (!hasDocs(d)) throw new OutpostError('INVALID_ARGUMENT', `${doctype} is a ${d.istable ? 'child table: its rows live in their parent' : 'single DocType: it is not stored as a list'}`)
  return d
}

const kindRange = (kind: RecordKind, from: string): [RecordKey, RecordKey] => [[kind, from], [kind, ABOVE_STRINGS as unknown as string]]

/** A damaged row without a text key does not end the listing: reading its value reports it. */
const isPast = (key: unknown, prefix: string): boolean => typeof key === 'string' && !key.startsWith(prefix)

async function listRecordRows(tables: Tables, kind: RecordKind, prefix: string): Promise<RecordRow[]> {
  const [lower, upper] = kindRange(kind, prefix)
  const range = tables.records.where(':id').between(lower, upper, true, false)
  // keys sharing a prefix sort together from the prefix on: stop at the first that lacks it
  const rows: unknown[] = await (prefix === '' ? range : range.until((r) => isPast((r as Partial<RecordRow>).key, prefix))).toArray()
  return rows as RecordRow[]
}

/** What link validation needs of a document, from what the store kept while no write moved the generation, else read. */
async function linkTargetOf(scope: TxScope, getDoc: StoreReader['getDoc'], doctype: string, name: string): Promise<LinkTarget | undefined> {
  const d = listedDocType(scope, doctype)
  if (!d) return undefined
  const kept = scope.reads.kept.linkTargets
  kept.at(await scope.reads.generation())
  const [, folded] = docKey(d.name, name)
  const hit = kept.get(d.name, folded)
  if (hit) return hit
  const doc = await getDoc(doctype, name)
  if (!doc) return undefined
  const target = { name: String(doc['name']), docstatus: Number(doc['docstatus'] ?? 0) }
  kept.keep(d.name, folded, target)
  return target
}

/** A StoreReader over committed data: each call is one IndexedDB read (or a few, for a query). */
export function diskReader(scope: TxScope): StoreReader {
  // requireDocType passed, so the schema is there
  const queryScope = () => ({ tables: live(scope), storeName: scope.storeName, schema: scope.schema!, reads: scope.reads })
  return {
    async getDoc(doctype, name) {
      const d = listedDocType(scope, doctype)
      const { cipher } = live(scope)
      const row: unknown = d ? await scope.reads.getDoc(docKey(d.name, name)) : undefined
      if (row === undefined) return undefined
      return cipher ? (await openDocRows(cipher, scope.storeName, [row]))[0] : rowDoc(scope.storeName, row)
    },
    linkTarget(doctype, name) {
      return linkTargetOf(scope, (t, n) => this.getDoc(t, n), doctype, name)
    },
    async queryDocs(doctype, q = {}) {
      const d = requireDocType(scope, doctype)
      return queryCommitted(queryScope(), d, q)
    },
    async countDocs(doctype, q = {}) {
      const d = requireDocType(scope, doctype)
      return countCommitted(queryScope(), d, q)
    },
    async listDocNames(doctype) {
      const d = requireDocType(scope, doctype)
      // the name entries of the index, without reading a document
      const keys = await live(scope).docs.where('ix').between([d.name, NAME_ENTRY], [d.name, NAME_ENTRY, ABOVE_STRINGS], true, false).keys()
      return (keys as unknown as IndexEntry[]).map((k) => String(k[3]))
    },
    async getRecord<T>(kind: RecordKind, key: string) {
      const { cipher } = live(scope)
      const row: unknown = await scope.reads.getRecord(kind, key)
      if (row === undefined) return undefined
      return (cipher ? (await openRecordRows(cipher, scope.storeName, [row]))[0] : rowValue(scope.storeName, row)) as T
    },
    async countRecords(kind: RecordKind) {
      live(scope)
      return scope.reads.countKind(kind)
    },
    async listRecords<T>(kind: RecordKind, options: { prefix?: string } = {}) {
      const tables = live(scope)
      const rows = await listRecordRows(tables, kind, options.prefix ?? '')
      if (!tables.cipher) return rows.map((row) => ({ key: row.key, value: rowValue(scope.storeName, row) as T }))
      const values = await openRecordRows(tables.cipher, scope.storeName, rows)
      return rows.map((row, i) => ({ key: row.key, value: values[i] as T }))
    },
  }
}
