import type { Schema } from '@outpost/meta'
import type { RecordKind } from '@outpost/core'
import type { TxScope } from './disk-reader.ts'
import { docRow } from './doc-rows.ts'
import { sortPair, type ListOrders } from './index-entries.ts'
import type { DocKey, DocRow, RecordKey, RecordRow, SealedDocRow, SealedRecordRow } from './layout.ts'
import type { RowCipher } from './row-cipher.ts'
import { sealDocRow, sealRecordRow } from './sealed-rows.ts'
import type { WriteBuffer } from './write-buffer.ts'
import { GENERATION_ROW, newGeneration } from './link-targets.ts'

interface Changes<D = DocRow, R = RecordRow> {
  readonly docPuts: D[]
  readonly docDeletes: DocKey[]
  readonly recordPuts: R[]
  readonly recordDeletes: RecordKey[]
}

/**
 * The buffer as rows: index entries are computed here, with the schema the write ran under.
 * Deletions in a record kind that held nothing when the write began are dropped: there is
 * nothing on disk to delete (a boot deletes every pulled document's absent base version).
 */
function changesOf(buffer: WriteBuffer, schema: Schema | undefined, orders: ListOrders, emptyKinds: ReadonlySet<RecordKind>): Changes {
  const changes: Changes = { docPuts: [], docDeletes: [], recordPuts: [], recordDeletes: [] }
  for (const [doctype, docs] of buffer.docs) {
    // putDoc refused DocTypes the schema lacks, so a buffered document always has its meta
    const meta = schema!.get(doctype)!
    const pair = sortPair(meta, orders)
    for (const [key, doc] of docs) {
      if (doc) changes.docPuts.push(docRow(meta, doc, pair))
      else changes.docDeletes.push([doctype, key])
    }
  }
  for (const [kind, records] of buffer.records) {
    for (const [key, p] of records) {
      if (p) changes.recordPuts.push({ kind, key, value: p.value })
      else if (!emptyKinds.has(kind)) changes.recordDeletes.push([kind, key])
    }
  }
  return changes
}

/** The changes of an encrypted database with every put sealed, before the flush's transaction opens. */
async function sealed(cipher: RowCipher, c: Changes): Promise<Changes<SealedDocRow, SealedRecordRow>> {
  const [docPuts, recordPuts] = await Promise.all([
    Promise.all(c.docPuts.map((row) => sealDocRow(cipher, row))),
    Promise.all(c.recordPuts.map((row) => sealRecordRow(cipher, row))),
  ])
  return { ...c, docPuts, recordPuts }
}

/**
 * Apply a finished write in one native readwrite transaction: every request is issued at once
 * with no await in between, so IndexedDB commits all of it or (on any failure, a full quota
 * included) aborts all of it; an encrypted database's rows are sealed before. The transaction
 * is the one the write read in when it is still active (read-session.ts), else a new one.
 * Deletions go first: a put of the same key in the buffer replaced its deletion, so the two
 * never meet. Native requests, not Dexie's bulk calls: a boot page is a thousand puts, and
 * Dexie's per-request bookkeeping (live-query ranges, promises) is JS time on the page's one
 * thread.
 */
export async function flush(scope: TxScope, buffer: WriteBuffer): Promise<void> {
  if (buffer.isEmpty) return
  const plain = changesOf(buffer, scope.schema, scope.tables.listOrders, scope.reads.emptyKinds)
  if (plain.docPuts.length + plain.docDeletes.length + plain.recordPuts.length + plain.recordDeletes.length === 0) return
  const { cipher } = scope.tables
  const c: Changes<DocRow | SealedDocRow, RecordRow | SealedRecordRow> = cipher ? await sealed(cipher, plain) : plain
  const targets = scope.reads.kept.linkTargets
  const writesDocs = c.docPuts.length + c.docDeletes.length > 0
  if (writesDocs) for (const [doctype, docs] of buffer.docs) targets.drop(doctype, docs.keys())
  // the generation before this write, asked for (if this call has not) ahead of the puts: under
  // the store lock no other write comes between, and the commit does not wait on it
  const from = writesDocs ? scope.reads.generation() : undefined
  const to = newGeneration()
  await scope.reads.changesIn((tx) => {
    const docs = tx.objectStore('docs')
    const records = tx.objectStore('records')
    for (const key of c.docDeletes) docs.delete(key)
    for (const row of c.docPuts) docs.put(row)
    for (const key of c.recordDeletes) records.delete(key)
    for (const row of c.recordPuts) records.put(row)
    if (writesDocs) tx.objectStore('layout').put({ id: GENERATION_ROW, value: to })
  })
  if (from) targets.committed(await from, to)
}
