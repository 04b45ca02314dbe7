import { amendedName, clockFromDate, makeHashName, planName, validateName, type Doc, type DocType } from '@outpost/meta'
import type { RequestContext } from '../context.ts'
import { quoteIdent, tableName } from '../storage/identifiers.ts'
import { controllerContext } from './hooks.ts'

/** Add one to the `current` counter of row `key` (created at 1), locked by the request's write transaction. */
async function bumpCounter(ctx: RequestContext, table: string, keyColumn: string, key: string): Promise<number> {
  const t = quoteIdent(table)
  const k = quoteIdent(keyColumn)
  const row = await ctx.tx.get<{ current: number }>(
    `INSERT INTO ${t} (${k}, "current") VALUES (?, 1) ON CONFLICT (${k}) DO UPDATE SET "current" = ${t}."current" + 1 RETURNING "current"`,
    [key],
  )
  return Number(row?.current)
}

/** Next value of a naming-series counter (Frappe's `tabSeries`). */
export function nextSeriesValue(ctx: RequestContext, key: string): Promise<number> {
  return bumpCounter(ctx, 'tabSeries', 'name', key)
}

/** Next value of a doctype's autoincrement sequence. */
function nextSequenceValue(ctx: RequestContext, doctype: string): Promise<number> {
  return bumpCounter(ctx, '__sequence', 'doctype', doctype)
}

export function hashName(ctx: RequestContext): string {
  return makeHashName(ctx.site.random, Math.floor(ctx.site.clock.date().getTime() / 100))
}

/** Frappe `_set_amended_name`: X → X-1; amending X-1 (itself an amendment) → X-2. */
async function amended(ctx: RequestContext, doctype: DocType, amendedFrom: string): Promise<string> {
  const source = await ctx.tx.get<{ amended_from: string | null }>(`SELECT "amended_from" FROM ${tableName(doctype.name)} WHERE "name" = ?`, [amendedFrom])
  return amendedName(amendedFrom, Boolean(source?.amended_from))
}

async function drawSeries(ctx: RequestContext, key: string, draws: number): Promise<number> {
  const first = await nextSeriesValue(ctx, key)
  for (let i = 1; i < draws; i++) await nextSeriesValue(ctx, key)
  return first
}

/** Frappe's set_new_name order: amended name → controller autoname → meta autoname → hash. */
export async function assignName(ctx: RequestContext, doctype: DocType, doc: Doc): Promise<string> {
  const amendedFrom = doctype.field('amended_from') ? doc['amended_from'] : undefined
  if (typeof amendedFrom === 'string' && amendedFrom !== '') return amended(ctx, doctype, amendedFrom)
  delete doc['amended_from']
  const custom = await ctx.site.controllers[doctype.name]?.autoname?.(doc, controllerContext(ctx, doctype, undefined))
  if (custom !== undefined) return validateName(doctype.name, custom)
  const plan = planName(doctype, doc, clockFromDate(ctx.site.clock.date()))
  if (plan.kind === 'series' && plan.namingSeries !== undefined && !doc['naming_series']) doc['naming_series'] = plan.namingSeries
  switch (plan.kind) {
    case 'final': return validateName(doctype.name, plan.name)
    case 'series': return plan.format(await drawSeries(ctx, plan.key, plan.draws))
    case 'autoincrement': return String(await nextSequenceValue(ctx, doctype.name))
    case 'hash': return hashName(ctx)
  }
}

/**
 * Frappe's revert_series_if_last: deleting the newest number of a series gives it back.
 * Only for series naming (`naming_series:`, a `#` autoname, `format:`), as update_naming_series.
 */
export async function revertSeriesIfLast(ctx: RequestContext, doctype: DocType, name: string): Promise<void> {
  const autoname = doctype.autoname ?? ''
  if (!autoname.startsWith('naming_series:') && !autoname.includes('#') && !autoname.startsWith('format:')) return
  const m = /^(.*?)(\d+)$/.exec(name)
  if (!m) return
  const [, prefix, digits] = m
  await ctx.tx.run(`UPDATE "tabSeries" SET "current" = "current" - 1 WHERE "name" = ? AND "current" = ?`, [prefix!, Number(digits)])
}
