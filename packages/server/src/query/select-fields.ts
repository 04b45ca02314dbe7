import type { DocType } from '@outpost/meta'
import { quoteIdent } from '../storage/identifiers.ts'
import { columnsOf } from '../storage/columns.ts'
import { dataError, resolveColumn } from './resolve-column.ts'

export interface SelectedField {
  /** SQL expression, built only from checked column names. */
  readonly sql: string
  /** Key in the result row. */
  readonly key: string
  readonly aggregate: boolean
}

const AGGREGATE = /^(count|sum|avg|min|max)\(\s*(distinct\s+)?([^()]*?)\s*\)$/i
const ALIAS = /^(.*?)\s+as\s+`?([A-Za-z_][A-Za-z0-9_]*)`?$/i

function parseFieldList(raw: unknown): string[] {
  if (raw === undefined || raw === null || raw === '') return ['name']
  let value = raw
  if (typeof raw === 'string') {
    const text = raw.trim()
    if (text.startsWith('[')) {
      try {
        value = JSON.parse(text)
      } catch {
        throw dataError('Invalid fields: not valid JSON')
      }
    } else value = text.split(',')
  }
  if (!Array.isArray(value) || value.some((f) => typeof f !== 'string')) throw dataError('Invalid fields: expected a list of field names')
  const list = (value as string[]).map((f) => f.trim()).filter((f) => f !== '')
  return list.length ? list : ['name']
}

function oneField(doctype: DocType, alias: string, text: string): SelectedField[] {
  const aliased = ALIAS.exec(text)
  const expr = aliased ? aliased[1]!.trim() : text
  const as = aliased ? aliased[2]! : undefined
  if (expr === '*' || expr === `\`tab${doctype.name}\`.*` || expr === `tab${doctype.name}.*`) {
    if (as) throw dataError(`Field not permitted in query: ${text}`)
    return columnsOf(doctype).map((c) => ({ sql: `${alias}.${quoteIdent(c.name)}`, key: c.name, aggregate: false }))
  }
  const agg = AGGREGATE.exec(expr)
  if (agg) {
    const fn = agg[1]!.toLowerCase()
    const distinct = agg[2] ? 'DISTINCT ' : ''
    const inner = agg[3]!
    const arg = inner === '*' && fn === 'count' && !distinct ? '*' : `${alias}.${quoteIdent(resolveColumn(doctype, inner).name)}`
    return [{ sql: `${fn}(${distinct}${arg})`, key: as ?? `${fn}(${inner})`, aggregate: true }]
  }
  const column = resolveColumn(doctype, expr)
  return [{ sql: `${alias}.${quoteIdent(column.name)}`, key: as ?? column.name, aggregate: false }]
}

/** Parse `fields` the way `get_list` takes it; only columns, `*`, aliases and simple aggregates pass. */
export function selectFields(doctype: DocType, alias: string, raw: unknown): SelectedField[] {
  return parseFieldList(raw).flatMap((f) => oneField(doctype, alias, f))
}
