import type { Doc } from '@outpost/meta'
import type { ControllerContext } from '../../controllers/controller.ts'

/**
 * True when Frappe would run `validate` with recomputation: a draft save, or the save that
 * submits. An update after submit or a cancel leaves computed values alone.
 */
export function isDraftOrSubmitting(doc: Doc, ctx: ControllerContext): boolean {
  const docstatus = Number(doc['docstatus'] ?? 0)
  if (docstatus === 0) return true
  return docstatus === 1 && Number(ctx.previous?.['docstatus'] ?? 0) === 0
}

/** `YYYY-MM-DD` and `HH:MM:SS.ffffff` of a Frappe timestamp `YYYY-MM-DD HH:MM:SS.ffffff`. */
export function splitNow(now: string): { date: string; time: string } {
  return { date: now.slice(0, 10), time: now.slice(11) }
}
