import type Database from 'better-sqlite3'
import type { DocType, Schema } from '@outpost/meta'
import { columnDdl, columnDecl, docColumns, hasDocTable, type ColumnSpec } from './columns.ts'
import { indexName, jsonPath, quoteIdent, tableIdent } from './sql-text.ts'

/**
 * Columns worth an index: the sync cursor and status, the client id, every Link (Link search,
 * link rewrite on rename) and what the desk filters and lists by.
 */
function indexedColumns(doctype: DocType): Set<string> {
  const out = new Set(['modified', 'docstatus', 'outpost_id'])
  for (const f of doctype.valueFields) {
    if (f.fieldtype === 'Link' || f.fieldtype === 'Dynamic Link' || f.searchIndex || f.inListView || f.inStandardFilter) out.add(f.fieldname)
  }
  return out
}

function tableExists(db: Database.Database, table: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined
}

function createTable(db: Database.Database, doctype: DocType): void {
  const cols = docColumns(doctype)
  db.exec(`CREATE TABLE ${tableIdent(doctype.name)} (${cols.map(columnDdl).join(', ')}, "doc" TEXT NOT NULL)`)
  const record = db.prepare('INSERT OR REPLACE INTO layout_columns (doctype, name, decl) VALUES (?, ?, ?)')
  for (const c of cols) record.run(doctype.name, c.name, columnDecl(c))
}

/** A column meta added (or retyped): add it and fill it from each document's JSON. */
function addColumn(db: Database.Database, doctype: DocType, c: ColumnSpec): void {
  const table = tableIdent(doctype.name)
  db.exec(`ALTER TABLE ${table} ADD COLUMN ${columnDdl(c)}`)
  // `->` is json_extract returning JSON text, which outpost_cell parses as a write would see it
  db.prepare(`UPDATE ${table} SET ${quoteIdent(c.name)} = outpost_cell(?, "doc" -> ?)`).run(c.kind, jsonPath(c.name))
  db.prepare('INSERT OR REPLACE INTO layout_columns (doctype, name, decl) VALUES (?, ?, ?)').run(doctype.name, c.name, columnDecl(c))
}

/** A column meta removed (or retyped): the JSON keeps the value; the column would go stale. */
function dropColumn(db: Database.Database, doctype: DocType, name: string): void {
  db.exec(`DROP INDEX IF EXISTS ${quoteIdent(indexName(doctype.name, name))}`)
  db.exec(`ALTER TABLE ${tableIdent(doctype.name)} DROP COLUMN ${quoteIdent(name)}`)
  db.prepare('DELETE FROM layout_columns WHERE doctype = ? AND name = ?').run(doctype.name, name)
}

function syncColumns(db: Database.Database, doctype: DocType): void {
  const rows = db.prepare('SELECT name, decl FROM layout_columns WHERE doctype = ?').all(doctype.name) as { name: string; decl: string }[]
  const built = new Map(rows.map((r) => [r.name, r.decl]))
  const wanted = new Map(docColumns(doctype).map((c) => [c.name, c]))
  for (const [name, decl] of built) {
    const c = wanted.get(name)
    if (name !== 'name' && (!c || columnDecl(c) !== decl)) dropColumn(db, doctype, name)
  }
  for (const c of wanted.values()) {
    if (built.get(c.name) !== columnDecl(c)) addColumn(db, doctype, c)
  }
}

function syncIndexes(db: Database.Database, doctype: DocType): void {
  const wanted = new Map([...indexedColumns(doctype)].map((col) => [indexName(doctype.name, col), col]))
  const existing = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND name LIKE 'ix:%'").pluck().all(`tab${doctype.name}`) as string[]
  for (const name of existing) if (!wanted.has(name)) db.exec(`DROP INDEX ${quoteIdent(name)}`)
  for (const [name, col] of wanted) db.exec(`CREATE INDEX IF NOT EXISTS ${quoteIdent(name)} ON ${tableIdent(doctype.name)} (${quoteIdent(col)})`)
}

/**
 * Bring every parent DocType's table in line with `schema`: create it, add what meta gained
 * (back-filled from the JSON), drop what it lost, and index. Call inside one transaction, so
 * a crash leaves the old layout or the new one.
 */
export function ensureDocTables(db: Database.Database, schema: Schema): void {
  for (const doctype of schema.all()) {
    if (!hasDocTable(doctype)) continue
    if (!tableExists(db, `tab${doctype.name}`)) createTable(db, doctype)
    else syncColumns(db, doctype)
    syncIndexes(db, doctype)
  }
}
