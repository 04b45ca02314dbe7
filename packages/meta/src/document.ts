/** A Frappe-shaped document: standard columns, field values, child tables as arrays of rows. */
export type Doc = Record<string, unknown>

/** A child-table row: a Doc that also carries `parent`, `parentfield`, `parenttype` and `idx`. */
export type ChildRow = Doc

export const DOCSTATUS = { Draft: 0, Submitted: 1, Cancelled: 2 } as const
export type DocStatus = 0 | 1 | 2
