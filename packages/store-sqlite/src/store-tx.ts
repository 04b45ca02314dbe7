import type { Doc, DocType, Schema } from '@outpost/meta'
import { OutpostError, type DocQuery, type RecordKind, type StoreReader, type StoreWriter } from '@outpost/core'
import { cellValue, docColumns, hasDocTable } from './columns.ts'
import type { Connection } from './connection.ts'
import { countDocsSql, selectDocsSql } from './doc-query-sql.ts'
import { quoteIdent, tableIdent, type SqlFragment, type SqlValue } from './sql-text.ts'

/** What a transaction sees; `active` is cleared when it ends, so a leaked handle cannot write. */
export interface TxScope {
  readonly conn: Connection
  readonly schema: Schema | undefined
  active: boolean
}

function live(scope: TxScope): Connection {
  if (!scope.active) throw new OutpostError('INVALID_ARGUMENT', 'A store transaction was used after it ended')
  return scope.conn
}

/** The DocType's table, or undefined when there is none (unknown, child table or single). */
function tableOf(scope: TxScope, doctype: string): DocType | undefined {
  const d = scope.schema?.get(doctype)
  return d && hasDocTable(d) ? d : undefined
}

function requireTable(scope: TxScope, doctype: string): DocType {
  const d = scope.schema?.get(doctype)
  if (!d) throw new OutpostError('META_MISSING', `DocType ${doctype} is not in the local schema`)
  if (!hasDocTable(d)) throw new OutpostError('INVALID_ARGUMENT', `${doctype} is a ${d.istable ? 'child table: its rows live in their parent' : 'single DocType: it is not stored as a list'}`)
  return d
}

const insertCache = new WeakMap<DocType, string>()
function insertSql(d: DocType): string {
  let sql = insertCache.get(d)
  if (!sql) {
    const cols = docColumns(d).map((c) => quoteIdent(c.name))
    sql = `INSERT INTO ${tableIdent(d.name)} (${cols.join(', ')}, "doc") VALUES (${cols.map(() => '?').join(', ')}, ?)`
    insertCache.set(d, sql)
  }
  return sql
}

const selectCache = new WeakMap<DocType, string>()
function selectColumnsSql(d: DocType): string {
  let sql = selectCache.get(d)
  if (!sql) {
    sql = `SELECT ${docColumns(d).map((c) => quoteIdent(c.name)).join(', ')} FROM ${tableIdent(d.name)} WHERE "name" = ?`
    selectCache.set(d, sql)
  }
  return sql
}

/**
 * Insert, or update only the columns whose values changed: an unchanged indexed column then
 * leaves its index alone, so a save writes a few pages instead of one per index.
 */
function writeDoc(conn: Connection, d: DocType, name: string, values: readonly SqlValue[], json: string): void {
  const old = conn.statement(selectColumnsSql(d)).raw().get(name) as SqlValue[] | undefined
  if (!old) {
    conn.statement(insertSql(d)).run(...values, json)
    return
  }
  const cols = docColumns(d)
  const changed = cols.flatMap((c, i) => (old[i] === values[i] ? [] : [i]))
  const set = [...changed.map((i) => `${quoteIdent(cols[i]!.name)} = ?`), '"doc" = ?'].join(', ')
  conn.statement(`UPDATE ${tableIdent(d.name)} SET ${set} WHERE "name" = ?`).run(...changed.map((i) => values[i]), json, name)
}

function all(conn: Connection, q: SqlFragment): unknown[] {
  return conn.statement(q.sql).all(...q.params)
}

export function storeReader(scope: TxScope): StoreReader {
  return {
    async getDoc(doctype, name) {
      const d = tableOf(scope, doctype)
      if (!d) return undefined
      const json = live(scope).statement(`SELECT "doc" FROM ${tableIdent(d.name)} WHERE "name" = ?`).pluck().get(name)
      return typeof json === 'string' ? (JSON.parse(json) as Doc) : undefined
    },
    async queryDocs(doctype, query: DocQuery = {}) {
      const d = requireTable(scope, doctype)
      const rows = all(live(scope), selectDocsSql(scope.schema!, d, query)) as { doc: string }[]
      return rows.map((r) => JSON.parse(r.doc) as Doc)
    },
    async listDocNames(doctype) {
      const d = requireTable(scope, doctype)
      return live(scope).statement(`SELECT "name" FROM ${tableIdent(d.name)}`).pluck().all() as string[]
    },
    async countDocs(doctype, query = {}) {
      const d = requireTable(scope, doctype)
      const [row] = all(live(scope), countDocsSql(scope.schema!, d, query)) as { n: number }[]
      return row?.n ?? 0
    },
    async getRecord<T>(kind: RecordKind, key: string) {
      const json = live(scope).statement('SELECT value FROM records WHERE kind = ? AND key = ?').pluck().get(kind, key)
      return typeof json === 'string' ? (JSON.parse(json) as T) : undefined
    },
    async countRecords(kind: RecordKind) {
      const row = live(scope).statement('SELECT count(*) AS n FROM records WHERE kind = ?').get(kind) as { n: number }
      return Number(row.n)
    },
    async listRecords<T>(kind: RecordKind, options: { prefix?: string } = {}) {
      const prefix = options.prefix ?? ''
      const out: { key: string; value: T }[] = []
      // keys sharing a prefix sort together from the prefix on, whatever characters follow
      const rows = live(scope).statement('SELECT key, value FROM records WHERE kind = ? AND key >= ? ORDER BY key').iterate(kind, prefix)
      for (const row of rows as Iterable<{ key: string; value: string }>) {
        if (!row.key.startsWith(prefix)) break
        out.push({ key: row.key, value: JSON.parse(row.value) as T })
      }
      return out
    },
  }
}

export function storeWriter(scope: TxScope): StoreWriter {
  return {
    ...storeReader(scope),
    async putDoc(doctype, doc) {
      const d = requireTable(scope, doctype)
      const name = doc['name']
      if ((typeof name !== 'string' && typeof name !== 'number') || name === '') throw new OutpostError('INVALID_ARGUMENT', `A ${doctype} document needs a name`)
      const values = docColumns(d).map((c) => (c.name === 'name' ? String(name) : cellValue(c.kind, doc[c.name])))
      writeDoc(live(scope), d, String(name), values, JSON.stringify(doc))
    },
    async deleteDoc(doctype, name) {
      const d = tableOf(scope, doctype)
      if (d) live(scope).statement(`DELETE FROM ${tableIdent(d.name)} WHERE "name" = ?`).run(name)
    },
    async putRecord(kind, key, value) {
      live(scope).statement('INSERT OR REPLACE INTO records (kind, key, value) VALUES (?, ?, ?)').run(kind, key, JSON.stringify(value) ?? 'null')
    },
    async deleteRecord(kind, key) {
      live(scope).statement('DELETE FROM records WHERE kind = ? AND key = ?').run(kind, key)
    },
  }
}
