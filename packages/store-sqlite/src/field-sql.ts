import { storageOf, type DocType, type StorageKind } from '@outpost/meta'
import type { ValueSql } from './condition-sql.ts'
import { docColumns, isNumeric } from './columns.ts'
import { jsonPath, quoteIdent } from './sql-text.ts'

/**
 * A field of a parent document: its column when it has one, else read from the `doc` JSON
 * (layout fields, `parent` and the like), typed as the column would be. Unknown fields throw
 * meta's DataError through storageOf.
 */
export function docField(doctype: DocType, alias: string, field: string): ValueSql {
  const kind = storageOf(doctype, field)
  const column = docColumns(doctype).find((c) => c.name === field)
  if (column) return { sql: `${alias}.${quoteIdent(column.name)}`, params: [], kind: column.kind, nullable: column.name !== 'name' && !isNumeric(column.kind) }
  return jsonField(`${alias}."doc"`, field, kind)
}

/** A field of a child row held in JSON (`source` is the row object, e.g. `j.value`). */
export function rowField(child: DocType, source: string, field: string): ValueSql {
  return jsonField(source, field, storageOf(child, field))
}

/** A JSON value read as its column would hold it: numbers default to 0, text ignores ASCII case. */
function jsonField(source: string, field: string, kind: StorageKind): ValueSql {
  const path = jsonPath(field)
  const raw = `json_extract(${source}, ?)`
  if (isNumeric(kind)) return { sql: `coalesce(${raw} + 0, 0)`, params: [path], kind, nullable: false }
  const collate = kind === 'text' ? ' COLLATE NOCASE' : ''
  return { sql: `CAST(${raw} AS TEXT)${collate}`, params: [path], kind, nullable: true }
}
