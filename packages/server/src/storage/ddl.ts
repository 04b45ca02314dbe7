import type { DocType, Schema } from '@outpost/meta'
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

function indexDdl(doctype: DocType): string[] {
  const t = `tab${doctype.name}`
  const idx = (cols: string[]): string =>
    `CREATE INDEX IF NOT EXISTS ${quoteIdent(`${t}__${cols.join('_')}`)} ON ${tableName(doctype.name)} (${cols.map(quoteIdent).join(', ')})`
  const out = [idx(['modified']), idx(['creation'])]
  if (doctype.istable) out.push(idx(['parent']))
  else out.push(`CREATE UNIQUE INDEX IF NOT EXISTS ${quoteIdent(`${t}__outpost_id`)} ON ${tableName(doctype.name)} ("outpost_id") WHERE "outpost_id" IS NOT NULL`)
  for (const f of doctype.valueFields) {
    if (f.fieldtype === 'Link' || f.fieldtype === 'Dynamic Link' || f.searchIndex) out.push(idx([f.fieldname]))
  }
  return out
}

/** Create each doctype's table, add columns that meta gained, and index names, parents and links. */
export async function ensureDocTypeTables(db: SqlDb, schema: Schema): Promise<void> {
  for (const doctype of schema.all()) {
    if (doctype.issingle) continue
    const cols = columnsOf(doctype)
    await db.exec(`CREATE TABLE IF NOT EXISTS ${tableName(doctype.name)} (${cols.map(columnDdl).join(', ')})`)
    const existing = await db.transaction((tx) => tx.all<{ name: string }>(`SELECT name FROM pragma_table_info(?)`, [`tab${doctype.name}`]), { readOnly: true })
    const have = new Set(existing.map((r) => r.name))
    for (const c of cols) {
      if (!have.has(c.name)) await db.exec(`ALTER TABLE ${tableName(doctype.name)} ADD COLUMN ${columnDdl(c)}`)
    }
    for (const ddl of indexDdl(doctype)) await db.exec(ddl)
  }
}
