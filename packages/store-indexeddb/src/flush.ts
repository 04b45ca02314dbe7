import type { Schema } from '@outpost/meta'
import type { RecordKind } from '@outpost/core'
import { docRow } from './doc-rows.ts'
import type { DocKey, DocRow, RecordKey, RecordRow, Tables } from './layout.ts'
import { isQuotaError } from './store-errors.ts'
import type { WriteBuffer } from './write-buffer.ts'

interface Changes {
  readonly docPuts: DocRow[]
  readonly docDeletes: DocKey[]
  readonly recordPuts: RecordRow[]
  readonly recordDeletes: RecordKey[]
}

/** The buffer as rows: index entries are computed here, with the schema the write ran under. */
function changesOf(buffer: WriteBuffer, schema: Schema | undefined): Changes {
  const changes: Changes = { docPuts: [], docDeletes: [], recordPuts: [], recordDeletes: [] }
  for (const [doctype, docs] of buffer.docs) {
    // putDoc refused DocTypes the schema lacks, so a buffered document always has its meta
    const meta = schema!.get(doctype)!
    for (const [key, doc] of docs) {
      if (doc) changes.docPuts.push(docRow(meta, doc))
      else changes.docDeletes.push([doctype, key])
    }
  }
  for (const [kind, records] of buffer.records) {
    for (const [key, p] of records) {
      if (p) changes.recordPuts.push({ kind, key, value: p.value })
      else changes.recordDeletes.push([kind as RecordKind, key])
    }
  }
  return changes
}

/**
 * Apply a finished write in one readwrite transaction, with bulk requests only and no other
 * await inside, so IndexedDB commits all of it or (on any failure, a full quota included)
 * aborts all of it. Deletions go first: a put of the same key in the buffer replaced its
 * deletion, so the two never meet.
 */
export async function flush(tables: Tables, schema: Schema | undefined, buffer: WriteBuffer): Promise<void> {
  if (buffer.isEmpty) return
  const c = changesOf(buffer, schema)
  let native: NativeTransaction | undefined
  try {
    await tables.db.transaction('rw', [tables.docs, tables.records], async (tx) => {
      native = (tx as unknown as { idbtrans?: NativeTransaction }).idbtrans
      if (c.docDeletes.length > 0) await tables.docs.bulkDelete(c.docDeletes)
      if (c.docPuts.length > 0) await tables.docs.bulkPut(c.docPuts)
      if (c.recordDeletes.length > 0) await tables.records.bulkDelete(c.recordDeletes)
      if (c.recordPuts.length > 0) await tables.records.bulkPut(c.recordPuts)
    })
  } catch (e) {
    // an engine that aborts the transaction for quota fails its pending requests with a bare
    // AbortError, which is what Dexie reports; the reason is on the transaction
    throw isQuotaError(native?.error) ? native!.error : e
  }
}

interface NativeTransaction {
  readonly error?: unknown
}
