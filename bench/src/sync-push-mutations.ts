import { randomBytes } from 'node:crypto'
import { timeOrderedUuids } from '@outpost/core'

/** Names of existing masters the pushed invoices refer to. */
export interface PushMasters { readonly customers: readonly string[]; readonly items: readonly string[] }

/** Ids as a replica makes them: UUID version 7, time-ordered. */
export const clientUuid: () => string = timeOrderedUuids(() => Date.now(), (n) => randomBytes(n))

/**
 * The mutations of a push of `invoices` offline-created Sales Invoices (3 items each): per
 * invoice, first (1 in 100) the insert of its offline Customer, which the invoice names by its
 * temp name. `uuid` makes the mutation ids, `outpost_id`s and temp names (random by default).
 */
export function pushMutations(m: PushMasters, invoices: number, tag = 'PROBE', uuid: () => string = clientUuid): Record<string, unknown>[] {
  const tempName = (slug: string): string => `new-${slug}-${uuid()}`
  const out: Record<string, unknown>[] = []
  for (let i = 0; i < invoices; i++) {
    let customer = m.customers[i % m.customers.length]!
    if (i % 100 === 0) {
      customer = tempName('customer')
      out.push({
        mutation_id: uuid(), outpost_id: uuid(), kind: 'insert', doctype: 'Customer', name: customer, base_modified: null,
        doc: { customer_name: `Offline Customer ${tag} ${i}`, customer_type: 'Company', territory: 'North', customer_group: 'Commercial' },
      })
    }
    out.push({
      mutation_id: uuid(), outpost_id: uuid(), kind: 'insert', doctype: 'Sales Invoice', name: tempName('sales-invoice'), base_modified: null,
      doc: {
        customer, company: 'Outpost Demo', posting_date: '2026-06-01', set_posting_time: 1, po_no: `${tag}-${i}`,
        items: m.items.map((item, k) => ({ item_code: item, qty: k + 1, rate: 10 + k })),
      },
    })
  }
  return out
}
