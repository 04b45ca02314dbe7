import type { Doc, DocType } from '@outpost/meta'
import type { Row, SqlValue } from '../db/sql-db.ts'
import { columnsOf, isNumericStorage, type Column } from '../storage/columns.ts'

function encode(column: Column, value: unknown): SqlValue {
  if (value === undefined || value === null) return isNumericStorage(column.storage) ? 0 : null
  if (column.storage === 'json') return typeof value === 'string' ? value : JSON.stringify(value)
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'bigint') return value
  return JSON.stringify(value)
}

function decode(column: Column, value: SqlValue | undefined): unknown {
  if (value === undefined || value === null) return null
  if (column.storage === 'json' && typeof value === 'string') {
    try {
      return JSON.parse(value)
    } catch {
      return value
    }
  }
  if (typeof value === 'bigint') return Number(value)
  return value
}

/** Values of a doc in `columnsOf` order, ready for INSERT. */
export function encodeRow(doctype: DocType, doc: Doc): SqlValue[] {
  return columnsOf(doctype).map((c) => encode(c, doc[c.name]))
}

export function decodeRow(doctype: DocType, row: Row): Doc {
  const doc: Doc = {}
  for (const c of columnsOf(doctype)) {
    if (c.name in row) doc[c.name] = decode(c, row[c.name])
  }
  return doc
}

/**
 * A reader of rows as arrays in `columns` order (`SqlTx.values`) into documents that leave NULL
 * fields out, as v1 answers do (`as_dict(no_nulls=True)`). Columns not of the DocType are skipped.
 */
export function sparseDecoder(doctype: DocType, columns: readonly string[]): (row: readonly SqlValue[]) => Doc {
  const byName = new Map(columnsOf(doctype).map((c) => [c.name, c]))
  const known = columns.flatMap((name, i) => {
    const column = byName.get(name)
    return column ? [{ i, name, column, plain: column.storage !== 'json' }] : []
  })
  return (row) => {
    const doc: Doc = {}
    for (const k of known) {
      const value = row[k.i]
      if (value === null || value === undefined) continue
      doc[k.name] = k.plain && typeof value !== 'bigint' ? value : decode(k.column, value)
    }
    return doc
  }
}

/** Whether SQLite stores `value` in `column` as it is (no type-affinity conversion on the way in). */
function storedAsIs(column: Column, value: SqlValue): boolean {
  if (value === null || typeof value === 'bigint') return true
  if (typeof value === 'number') return column.sqlType !== 'TEXT' && Number.isFinite(value)
  return column.sqlType === 'TEXT'
}

/**
 * The row `decodeRow` would read back after `encodeRow(doctype, doc)` was written, without
 * reading it; undefined when SQLite would convert a value on the way in (the caller reads).
 */
export function writtenRow(doctype: DocType, doc: Doc): Doc | undefined {
  const out: Doc = {}
  for (const c of columnsOf(doctype)) {
    const value = encode(c, doc[c.name])
    if (!storedAsIs(c, value)) return undefined
    out[c.name] = decode(c, value)
  }
  return out
}

/** Decode only the columns present in a list-query row (aliases pass through unchanged). */
export function decodePartialRow(doctype: DocType, row: Row): Doc {
  const byName = new Map(columnsOf(doctype).map((c) => [c.name, c]))
  const doc: Doc = {}
  for (const [key, value] of Object.entries(row)) {
    const c = byName.get(key)
    doc[key] = c ? decode(c, value) : typeof value === 'bigint' ? Number(value) : value
  }
  return doc
}
