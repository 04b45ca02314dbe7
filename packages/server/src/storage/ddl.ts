import type { DocField, DocType, Schema } from '@outpost/meta'
import { shortIdent } from '../db/postgres-dialect.ts'
import type { SqlDb } from '../db/sql-db.ts'
import { columnsOf, isNumericStorage, type Column } from './columns.ts'
import { quoteIdent, tableName } from './identifiers.ts'

/** frappe.db.DEFAULT_SHORTCUTS: resolved per document on insert, never a column default. */
const DEFAULT_SHORTCUTS = new Set(['_Login', '__user', '_Full Name', 'Today', '__today', 'now', 'Now'])

/** Frappe's column default (DbColumn.get_definition): rows that exist when a column is added take it. */
function columnDefault(c: Column): string {
  const d = c.field?.default
  if (isNumericStorage(c.storage)) {
    const n = c.storage === 'float' ? Number.parseFloat(d ?? '') : Number.parseInt(d ?? '', 10)
    return String(Number.isFinite(n) ? n : 0)
  }
  if (c.storage !== 'text' || d === undefined || d === '' || DEFAULT_SHORTCUTS.has(d) || d.startsWith(':')) return ''
  return `'${d.replaceAll("'", "''")}'`
}

export function columnDdl(c: Column): string {
  if (c.name === 'name') return `${quoteIdent('name')} TEXT PRIMARY KEY COLLATE NOCASE`
  const fallback = columnDefault(c)
  const notNull = isNumericStorage(c.storage) ? ` NOT NULL DEFAULT ${fallback}` : fallback === '' ? '' : ` DEFAULT ${fallback}`
  // MariaDB's _ci collation: text compares, sorts and is unique without regard to case.
  const collate = c.storage === 'text' ? ' COLLATE NOCASE' : ''
  return `${quoteIdent(c.name)} ${c.sqlType}${notNull}${collate}`
}

/** The name of the index the server keeps on one column of a doctype's table. */
export function indexName(doctype: string, column: string): string {
  return `tab${doctype}__${column}`
}

/**
 * Whether a field's column gets an index. Frappe indexes `search_index` fields (and `parent` of
 * child tables). The server also indexes, on parent tables, every Link and Dynamic Link (list
 * filters, and the link checks of delete, cancel and rename). On a child table a Link is indexed
 * only where a common operation asks for it: Dynamic Links (every delete and cancel of any
 * document looks them up) and Links to submittable DocTypes (every cancel of one looks them up).
 * A child table's Links to masters are looked up only when a master is deleted or renamed, and
 * are not indexed, as in Frappe: each index is written for every row of every document saved.
 */
export function isIndexedField(schema: Schema, doctype: DocType, field: DocField): boolean {
  if (field.searchIndex || field.fieldtype === 'Dynamic Link') return true
  if (field.fieldtype !== 'Link') return false
  return !doctype.istable || schema.get(field.options)?.isSubmittable === true
}

/**
 * The columns indexed one by one: `modified` and `creation` of parent tables (lists sort on
 * them), `parent` of child tables (Frappe's one index there), and the fields `isIndexedField`
 * names.
 */
function indexedColumns(schema: Schema, doctype: DocType): string[] {
  const out = doctype.istable ? ['parent'] : ['modified', 'creation']
  for (const f of doctype.valueFields) if (isIndexedField(schema, doctype, f)) out.push(f.fieldname)
  return out
}

/** Columns an older server indexed and `indexedColumns` no longer does: their indexes are dropped. */
function formerColumns(doctype: DocType, kept: ReadonlySet<string>): string[] {
  const former = ['modified', 'creation', ...doctype.linkFields.map((f) => f.fieldname)]
  return former.filter((c) => !kept.has(c))
}

function createIndex(doctype: DocType, column: string): string {
  return `CREATE INDEX IF NOT EXISTS ${quoteIdent(indexName(doctype.name, column))} ON ${tableName(doctype.name)} (${quoteIdent(column)})`
}

function indexDdl(schema: Schema, doctype: DocType): string[] {
  const out = indexedColumns(schema, doctype).map((c) => createIndex(doctype, c))
  if (!doctype.istable) out.push(`CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(indexName(doctype.name, 'outpost_id'))} ON ${tableName(doctype.name)} ("outpost_id") WHERE "outpost_id" IS NOT NULL`)
  return out
}

/** Names of the indexes a table has now. */
async function existingIndexes(db: SqlDb, table: string): Promise<Set<string>> {
  const sql = db.dialect === 'postgres'
    ? `SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?`
    : `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`
  const rows = await db.transaction((tx) => tx.all<{ name: string }>(sql, [table]), { readOnly: true })
  return new Set(rows.map((r) => r.name))
}

/** Drop the indexes of `formerColumns` a database made by an older server still has. */
async function dropFormerIndexes(db: SqlDb, schema: Schema, doctype: DocType): Promise<void> {
  const former = formerColumns(doctype, new Set(indexedColumns(schema, doctype)))
  if (former.length === 0) return
  const have = await existingIndexes(db, `tab${doctype.name}`)
  for (const column of former) {
    const name = indexName(doctype.name, column)
    // PostgreSQL keeps long names shortened (ddlToPostgres does the same for DROP).
    if (have.has(name) || (db.dialect === 'postgres' && have.has(shortIdent(name)))) await db.exec(`DROP INDEX IF EXISTS ${quoteIdent(name)}`)
  }
}

/**
 * Create each doctype's table, add columns that meta gained, and keep its indexes as `indexDdl`
 * says. `doctypes`: those of `schema` to look at (all by default); `schema` answers the rest
 * (whether a Link's target is submittable).
 */
export async function ensureDocTypeTables(db: SqlDb, schema: Schema, doctypes: readonly DocType[] = schema.all()): Promise<void> {
  for (const doctype of doctypes) {
    if (doctype.issingle) continue
    const cols = columnsOf(doctype)
    await db.exec(`CREATE TABLE IF NOT EXISTS ${tableName(doctype.name)} (${cols.map(columnDdl).join(', ')})`)
    const existing = await db.transaction((tx) => tx.all<{ name: string }>(`SELECT name FROM pragma_table_info(?)`, [`tab${doctype.name}`]), { readOnly: true })
    const have = new Set(existing.map((r) => r.name))
    for (const c of cols) {
      if (!have.has(c.name)) await db.exec(`ALTER TABLE ${tableName(doctype.name)} ADD COLUMN ${columnDdl(c)}`)
    }
    for (const ddl of indexDdl(schema, doctype)) await db.exec(ddl)
    await dropFormerIndexes(db, schema, doctype)
  }
}
