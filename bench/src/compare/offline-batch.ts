import type { Doc } from '@outpost/meta'
import type { DatasetFacts } from './dataset.ts'

/**
 * The documents a user creates offline in S2 and S5: the same for every system. Names here are
 * the batch's own local ids; each client maps them to whatever its engine names a new document.
 */
export interface OfflineCustomer {
  readonly name: string
  readonly doc: Doc
}

export interface OfflineInvoice {
  readonly name: string
  readonly doc: Doc
  /** `doc.customer` is the local id of a Customer created in the same batch. */
  readonly offlineCustomer: boolean
  /** Breaks the server rule qty > 0: the server must refuse it. */
  readonly bad: boolean
}

export interface OfflineBatch {
  readonly tag: string
  readonly customers: readonly OfflineCustomer[]
  readonly invoices: readonly OfflineInvoice[]
}

export const BAD_QTY_MESSAGE = 'Row #1: Quantity must be greater than zero'

/** Server rule shared by the peers' servers: every child row's qty must be positive. */
export function qtyViolation(doc: Doc): string | undefined {
  const items = Array.isArray(doc['items']) ? (doc['items'] as Doc[]) : []
  const bad = items.findIndex((row) => !(Number(row['qty']) > 0))
  return bad < 0 ? undefined : `Row #${bad + 1}: Quantity must be greater than zero`
}

/**
 * `count` invoices tagged `tag` (their `po_no` is `<tag>-<i>`); 1% are for Customers created in
 * the same batch; with `withBad`, a further 1% have a row with qty -1.
 */
export function offlineBatch(facts: DatasetFacts, tag: string, count: number, withBad: boolean): OfflineBatch {
  const customers: OfflineCustomer[] = []
  const newCustomers = Math.max(1, Math.round(count / 100))
  for (let k = 0; k < newCustomers; k++) {
    customers.push({ name: `${tag}-CUST-${k}`, doc: { doctype: 'Customer', customer_name: `${tag} Customer ${k}`, ...facts.customerHeader } })
  }
  const invoices: OfflineInvoice[] = []
  for (let i = 0; i < count; i++) {
    const offlineCustomer = i % 100 === 0
    const customer = offlineCustomer ? customers[(i / 100) % customers.length]!.name : facts.customers[(i * 7) % facts.customers.length]!
    const bad = withBad && i % 100 === 50
    const items = [0, 1, 2].map((k) => {
      const item = facts.items[(i * 3 + k) % facts.items.length]!
      return { item_code: item.item_code, item_name: item.item_name, qty: bad && k === 0 ? -1 : k + 1, rate: item.rate }
    })
    invoices.push({
      name: `${tag}-SINV-${i}`, offlineCustomer, bad,
      doc: { doctype: 'Sales Invoice', ...facts.invoiceHeader, customer, posting_date: '2026-12-15', due_date: '2026-12-30', po_no: `${tag}-${i}`, items },
    })
  }
  return { tag, customers, invoices }
}

/** S4: the drafts the server changes and deletes (the same every run: each run starts from a fresh server). */
export function serverChangeTargets(facts: DatasetFacts, changes: number, deletions: number): { changed: string[]; deleted: string[] } {
  if (facts.drafts.length < changes + deletions) throw new Error(`only ${facts.drafts.length} draft invoices for ${changes} changes and ${deletions} deletions`)
  return { changed: facts.drafts.slice(0, changes), deleted: facts.drafts.slice(changes, changes + deletions) }
}

export const CHANGED_REMARK = 'changed on the server'
