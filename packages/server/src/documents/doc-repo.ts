import { childTables, FrappeError, type Doc, type DocType, type Schema } from '@outpost/meta'
import type { Row, SqlTx } from '../db/sql-db.ts'
import { columnsOf } from '../storage/columns.ts'
import { quoteIdent, tableName } from '../storage/identifiers.ts'
import { decodeRow, encodeRow, writtenRow } from './row-codec.ts'

/** Stored name and docstatus of a document, matched case-insensitively like MariaDB. */
export async function findDoc(tx: SqlTx, doctype: DocType, name: string): Promise<{ name: string; docstatus: number } | undefined> {
  const row = await tx.get<{ name: string; docstatus: number }>(`SELECT "name", "docstatus" FROM ${tableName(doctype.name)} WHERE "name" = ?`, [name])
  return row ? { name: row.name, docstatus: Number(row.docstatus) } : undefined
}

export async function loadChildren(tx: SqlTx, schema: Schema, doctype: DocType, parent: Doc): Promise<void> {
  for (const tf of doctype.tableFields) {
    const child = schema.get(tf.options)
    if (!child) continue
    const rows = await tx.all(
      `SELECT * FROM ${tableName(child.name)} WHERE "parent" = ? AND "parenttype" = ? AND "parentfield" = ? ORDER BY "idx"`,
      [String(parent['name']), doctype.name, tf.fieldname],
    )
    parent[tf.fieldname] = rows.map((r) => ({ ...decodeRow(child, r), doctype: child.name }))
  }
}

/** The whole document: its row and its child tables as arrays ordered by idx. */
export async function loadDoc(tx: SqlTx, schema: Schema, doctype: DocType, name: string): Promise<Doc | undefined> {
  const row = await tx.get<Row>(`SELECT * FROM ${tableName(doctype.name)} WHERE "name" = ?`, [name])
  if (!row) return undefined
  const doc: Doc = { ...decodeRow(doctype, row), doctype: doctype.name }
  await loadChildren(tx, schema, doctype, doc)
  return doc
}

const insertSql = new WeakMap<DocType, string>()

/** The INSERT of a whole row, built once per doctype. */
function insertStatement(doctype: DocType): string {
  let sql = insertSql.get(doctype)
  if (sql === undefined) {
    const cols = columnsOf(doctype)
    sql = `INSERT INTO ${tableName(doctype.name)} (${cols.map((c) => quoteIdent(c.name)).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`
    insertSql.set(doctype, sql)
  }
  return sql
}

async function insertRow(tx: SqlTx, doctype: DocType, doc: Doc): Promise<void> {
  await tx.run(insertStatement(doctype), encodeRow(doctype, doc))
}

/** A new row name for a row whose generated (hash) name another row already has. */
export type RowRenamer = (row: Doc) => string | undefined

const isPrimaryKeyViolation = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505'
}

/** As Frappe's db_insert: a hash name that collides is drawn again, up to three times. */
async function insertChildRow(tx: SqlTx, childType: DocType, row: Doc, rename: RowRenamer | undefined): Promise<void> {
  for (let retry = 0; ; retry++) {
    try {
      return await insertRow(tx, childType, row)
    } catch (e) {
      if (!isPrimaryKeyViolation(e)) throw e
      const next = retry < 3 ? rename?.(row) : undefined
      if (next === undefined) throw new FrappeError('DuplicateEntryError', `${childType.name} ${String(row['name'])} already exists`, { title: 'Duplicate Name', cause: e })
      row['name'] = next
    }
  }
}

async function insertChildren(tx: SqlTx, schema: Schema, doctype: DocType, doc: Doc, rename: RowRenamer | undefined): Promise<void> {
  for (const { childType, rows } of childTables(schema, doctype, doc)) {
    for (const r of rows as Doc[]) await insertChildRow(tx, childType, r, rename)
  }
}

/** Insert a document row and its children. The caller has already named every row. */
export async function insertDoc(tx: SqlTx, schema: Schema, doctype: DocType, doc: Doc, rename?: RowRenamer): Promise<void> {
  await insertRow(tx, doctype, doc)
  await insertChildren(tx, schema, doctype, doc, rename)
}

export async function deleteChildren(tx: SqlTx, schema: Schema, doctype: DocType, name: string): Promise<void> {
  for (const tf of doctype.tableFields) {
    const child = schema.get(tf.options)
    if (!child) continue
    await tx.run(`DELETE FROM ${tableName(child.name)} WHERE "parent" = ? AND "parenttype" = ? AND "parentfield" = ?`, [name, doctype.name, tf.fieldname])
  }
}

/** Rewrite a document row and replace its child rows (rows keep their names and creation). */
export async function updateDoc(tx: SqlTx, schema: Schema, doctype: DocType, doc: Doc, rename?: RowRenamer): Promise<void> {
  const cols = columnsOf(doctype).filter((c) => c.name !== 'name')
  const values = encodeRow(doctype, doc).slice(1)
  const sql = `UPDATE ${tableName(doctype.name)} SET ${cols.map((c) => `${quoteIdent(c.name)} = ?`).join(', ')} WHERE "name" = ?`
  await tx.run(sql, [...values, String(doc['name'])])
  await deleteChildren(tx, schema, doctype, String(doc['name']))
  await insertChildren(tx, schema, doctype, doc, rename)
}

export async function deleteDoc(tx: SqlTx, schema: Schema, doctype: DocType, name: string): Promise<void> {
  await deleteChildren(tx, schema, doctype, name)
  await tx.run(`DELETE FROM ${tableName(doctype.name)} WHERE "name" = ?`, [name])
}

/**
 * What `loadDoc` would return right after `insertDoc(doc)`, built from the written values
 * (the same encoding, child tables in idx order); undefined when a value would not survive
 * the round trip unchanged, so the caller reads the document back.
 */
export function writtenDoc(schema: Schema, doctype: DocType, doc: Doc): Doc | undefined {
  const out = writtenRow(doctype, doc)
  if (!out) return undefined
  // a fresh object without a `doctype` column: the key goes last, as a spread would put it
  out['doctype'] = doctype.name
  for (const tf of doctype.tableFields) {
    const child = schema.get(tf.options)
    if (!child) continue
    const value = doc[tf.fieldname]
    const rows: Doc[] = []
    for (const r of Array.isArray(value) ? value as Doc[] : []) {
      const row = writtenRow(child, r)
      if (!row) return undefined
      row['doctype'] = child.name
      rows.push(row)
    }
    out[tf.fieldname] = rows.sort((a, b) => Number(a['idx']) - Number(b['idx']))
  }
  return out
}
