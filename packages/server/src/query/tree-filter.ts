import { type FilterCondition } from '@outpost/meta'
import { scrubName, type DocType, type Schema } from '@outpost/meta'
import type { Column } from '../storage/columns.ts'
import { quoteIdent, tableName } from '../storage/identifiers.ts'
import type { SqlFragment } from './build-where.ts'
import { dataError } from './resolve-column.ts'

/** The field that holds a tree node's parent: `nsm_parent_field`, else `parent_<doctype>`. */
export function treeParentField(tree: DocType): string {
  return tree.nsmParentField ?? `parent_${scrubName(tree.name)}`
}

/** SQL listing every descendant name of the `?` node of `tree`, by walking parent links down. */
export function descendantsSql(tree: DocType): string {
  const t = tableName(tree.name)
  const p = quoteIdent(treeParentField(tree))
  return `WITH RECURSIVE d(n) AS (SELECT "name" FROM ${t} WHERE ${p} = ? UNION SELECT x."name" FROM ${t} x JOIN d ON x.${p} = d.n) SELECT n FROM d`
}

/** SQL listing every ancestor name of the `?` node of `tree`, by walking parent links up. */
function ancestorsSql(tree: DocType): string {
  const t = tableName(tree.name)
  const p = quoteIdent(treeParentField(tree))
  return `WITH RECURSIVE a(n) AS (SELECT ${p} FROM ${t} WHERE "name" = ? UNION SELECT x.${p} FROM ${t} x JOIN a ON x."name" = a.n) SELECT n FROM a WHERE n IS NOT NULL`
}

/** `descendants of` / `ancestors of` over a nested-set doctype, by walking parent links. */
export function treeCondition(schema: Schema, doctype: DocType, column: Column, col: string, c: FilterCondition): SqlFragment {
  const target = column.name === 'name' ? doctype : schema.get(column.field?.options ?? '')
  if (!target || !target.isTree) throw dataError(`${c.op} needs a tree doctype for ${column.name}`)
  const down = descendantsSql(target)
  const up = ancestorsSql(target)
  const value = String(c.value ?? '')
  switch (c.op) {
    case 'descendants of': return { sql: `${col} IN (${down})`, params: [value] }
    case 'descendants of (inclusive)': return { sql: `(${col} = ? OR ${col} IN (${down}))`, params: [value, value] }
    case 'not descendants of': return { sql: `coalesce(${col}, '') NOT IN (${down})`, params: [value] }
    case 'ancestors of': return { sql: `${col} IN (${up})`, params: [value] }
    case 'not ancestors of': return { sql: `coalesce(${col}, '') NOT IN (${up})`, params: [value] }
    default: throw dataError(`Unknown tree operator ${c.op}`)
  }
}
