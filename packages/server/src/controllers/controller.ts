import type { Doc, DocType, Schema } from '@outpost/meta'

/**
 * What a controller may do with the database, inside the request's transaction.
 * Reads bypass permissions, as Frappe's `frappe.db.get_value` does.
 */
export interface ControllerDb {
  getDoc(doctype: string, name: string): Promise<Doc | undefined>
  getValue(doctype: string, name: string, fieldname: string): Promise<unknown>
  exists(doctype: string, name: string): Promise<boolean>
  /** `frappe.db.set_value`: writes columns directly; bumps `modified` unless told not to. */
  setValue(doctype: string, name: string, values: Doc, options?: { updateModified?: boolean }): Promise<void>
  getAll(doctype: string, options: { filters?: Record<string, unknown>; fields?: string[]; limit?: number }): Promise<Doc[]>
}

export interface ControllerContext {
  readonly doctype: DocType
  readonly schema: Schema
  readonly user: string
  /** Server time of this request, `YYYY-MM-DD HH:MM:SS.ffffff`. */
  readonly now: string
  /** The stored document before this save (undefined on insert). */
  readonly previous: Doc | undefined
  readonly db: ControllerDb
}

type Hook = (doc: Doc, ctx: ControllerContext) => void | Promise<void>

/**
 * Per-doctype business rules, the TypeScript counterpart of a Frappe controller class.
 * Hooks run in Frappe's order: before_insert → before_naming → validate → before_save /
 * before_submit / before_cancel → (write) → after_insert → on_update / on_submit / on_cancel → on_change.
 * Throw a FrappeError to reject; the whole request rolls back.
 */
export interface Controller {
  readonly beforeInsert?: Hook
  readonly beforeNaming?: Hook
  /** Return a name to override meta autoname (Frappe's controller `autoname()`). */
  readonly autoname?: (doc: Doc, ctx: ControllerContext) => string | undefined | Promise<string | undefined>
  readonly beforeValidate?: Hook
  readonly validate?: Hook
  readonly beforeSave?: Hook
  readonly beforeSubmit?: Hook
  readonly beforeCancel?: Hook
  readonly beforeUpdateAfterSubmit?: Hook
  readonly afterInsert?: Hook
  readonly onUpdate?: Hook
  readonly onSubmit?: Hook
  readonly onCancel?: Hook
  readonly onUpdateAfterSubmit?: Hook
  /** After rename_doc: `doc` carries the new name, `ctx.previous` the old document. */
  readonly afterRename?: Hook
  readonly onTrash?: Hook
  readonly afterDelete?: Hook
  /** Runs after every successful insert or save, last (Frappe's on_change). */
  readonly onChange?: Hook
}

export type ControllerMap = Readonly<Record<string, Controller>>

/** The hooks a controller may have: everything but `autoname`, which returns a name. */
export type HookName = Exclude<keyof Controller, 'autoname'>
