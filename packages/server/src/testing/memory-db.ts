import { Schema, type Doc, type DocType } from '@outpost/meta'
import { buildDocType, type RawField } from '@outpost/meta/testing'
import type { SqlDb, SqlTx, SqlValue } from '../db/sql-db.ts'
import { openSqlite } from '../db/sqlite-db.ts'
import { insertDoc } from '../documents/doc-repo.ts'
import { ensureDocTypeTables } from '../storage/ddl.ts'
import { tableName } from '../storage/identifiers.ts'
import { ensureSystemTables } from '../storage/system-tables.ts'

/** A WHERE fragment as the query builders return it. */
export interface WhereSql {
  readonly sql: string
  readonly params: readonly SqlValue[]
}

/** An in-memory SQLite database with doctype and system tables, for unit tests. */
export interface MemoryDb {
  readonly db: SqlDb
  readonly schema: Schema
  tx<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>
  /** Insert documents; standard columns and child-row links are filled in when missing. */
  insert(doctype: string, docs: readonly Doc[]): Promise<void>
  /** `SELECT name FROM "tabX" t WHERE <sql>`, sorted by name. */
  names(doctype: string, where: WhereSql): Promise<string[]>
  count(doctype: string): Promise<number>
  close(): Promise<void>
}

const STAMP = '2024-01-01 00:00:00.000000'

function withStandard(doctype: DocType, doc: Doc): Doc {
  const out: Doc = { owner: 'Administrator', creation: STAMP, modified: STAMP, modified_by: 'Administrator', docstatus: 0, idx: 0, ...doc }
  for (const tf of doctype.tableFields) {
    const rows = doc[tf.fieldname]
    if (!Array.isArray(rows)) continue
    out[tf.fieldname] = (rows as Doc[]).map((row, i) => ({
      owner: out['owner'], creation: STAMP, modified: STAMP, modified_by: 'Administrator', docstatus: 0,
      name: `${String(doc['name'])}-${tf.fieldname}-${i + 1}`, idx: i + 1,
      parent: doc['name'], parenttype: doctype.name, parentfield: tf.fieldname, ...row,
    }))
  }
  return out
}

export async function openMemoryDb(doctypes: readonly DocType[]): Promise<MemoryDb> {
  const schema = new Schema(doctypes)
  const db = openSqlite({ path: ':memory:' })
  await ensureSystemTables(db)
  await ensureDocTypeTables(db, schema)
  const tx = <T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> => db.transaction(fn)
  return {
    db,
    schema,
    tx,
    insert: (doctype, docs) => tx(async (t) => {
      const d = schema.require(doctype)
      for (const doc of docs) await insertDoc(t, schema, d, withStandard(d, doc))
    }),
    names: (doctype, where) => tx(async (t) => {
      const rows = await t.all<{ name: string }>(`SELECT name FROM ${tableName(doctype)} t WHERE ${where.sql} ORDER BY name`, where.params)
      return rows.map((r) => r.name)
    }),
    count: (doctype) => tx(async (t) => Number((await t.get<{ n: number }>(`SELECT count(*) AS n FROM ${tableName(doctype)}`))?.n ?? 0)),
    close: () => db.close(),
  }
}

/** A tree doctype (nested set, parent link `parent_<scrubbed name>`). */
export function treeDocType(name: string, extra: readonly RawField[] = []): DocType {
  const parentField = `parent_${name.toLowerCase().replace(/ /g, '_')}`
  return buildDocType(name, [
    { fieldname: 'is_group', fieldtype: 'Check' },
    { fieldname: parentField, fieldtype: 'Link', options: name },
    { fieldname: 'lft', fieldtype: 'Int' },
    { fieldname: 'rgt', fieldtype: 'Int' },
    ...extra,
  ], { is_tree: 1, autoname: 'Prompt' })
}
