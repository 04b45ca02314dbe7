/** What a system's server holds of an offline batch after a push. */
export interface ServerView {
  /** Invoices of the batch (po_no `<tag>-…`). */
  readonly invoices: number
  /** Customers of the batch (customer_name `<tag> Customer …`). */
  readonly customers: number
  /** Invoices of the batch whose `customer` names a Customer the server holds. */
  readonly linked: number
  /** Name and customer of the batch's first invoice for an offline Customer, as the server stored it. */
  readonly sample: { readonly name: string; readonly customer: string } | undefined
}

/** One run's server for a system, in its own process on loopback, over a fresh copy of its data. */
export interface SystemServer {
  /** The address the client is given. */
  readonly url: string
  readonly pid: number | undefined
  /** S4: the server side edits `changed` (remarks) and deletes `deleted`. */
  change(changed: readonly string[], deleted: readonly string[]): Promise<void>
  verify(tag: string, firstOfflinePoNo: string): Promise<ServerView>
  stop(): Promise<void>
}

/** Eight requests at a time, as several desk users would. */
export async function inParallel<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < items.length) await fn(items[next++]!)
  }))
}
